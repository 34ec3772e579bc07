using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>Pools, users, groups and sign-ins for the group tests, through the public API only.</summary>
internal static class GroupFixture
{
    public const string TemporaryPassword = "Temp0rary!pass";
    public const string Password = "Perm4nent!pass";

    public static async Task<string> CreatePoolAsync(TestGatehouse gatehouse, bool caseSensitive = true)
    {
        var pool = await gatehouse.CallAsync("CreateUserPool", new
        {
            PoolName = "groups",
            UsernameConfiguration = new { CaseSensitive = caseSensitive },
        });
        return pool["UserPool"]!["Id"]!.GetValue<string>();
    }

    public static Task<JsonNode> CreateUserAsync(TestGatehouse gatehouse, string pool, string username, string? email = null) =>
        gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = pool,
            Username = username,
            TemporaryPassword,
            MessageAction = "SUPPRESS",
            UserAttributes = email is null ? null : new[] { new { Name = "email", Value = email } },
        });

    public static Task<JsonNode> CreateGroupAsync(
        TestGatehouse gatehouse, string pool, string name, string? description = null, int? precedence = null, string? roleArn = null) =>
        gatehouse.CallAsync("CreateGroup", new
        {
            UserPoolId = pool,
            GroupName = name,
            Description = description,
            Precedence = precedence,
            RoleArn = roleArn,
        });

    public static async Task<string> CreateClientAsync(TestGatehouse gatehouse, string pool)
    {
        var client = await gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = pool,
            ClientName = "app",
            ExplicitAuthFlows = new[] { "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
        });
        return client["UserPoolClient"]!["ClientId"]!.GetValue<string>();
    }

    /// <summary>Signs a user in for the first time: temporary password, then NEW_PASSWORD_REQUIRED.</summary>
    public static async Task<JsonNode> FirstSignInAsync(TestGatehouse gatehouse, string pool, string client, string username)
    {
        var started = await gatehouse.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = pool,
            ClientId = client,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = TemporaryPassword },
        });
        Assert.Equal("NEW_PASSWORD_REQUIRED", started["ChallengeName"]!.GetValue<string>());
        var answered = await gatehouse.CallAsync("AdminRespondToAuthChallenge", new
        {
            UserPoolId = pool,
            ClientId = client,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = started["Session"]!.GetValue<string>(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = username, ["NEW_PASSWORD"] = Password },
        });
        return answered["AuthenticationResult"]!;
    }

    public static async Task<JsonNode> RefreshAsync(TestGatehouse gatehouse, string pool, string client, JsonNode result)
    {
        var refreshed = await gatehouse.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = pool,
            ClientId = client,
            AuthFlow = "REFRESH_TOKEN_AUTH",
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = result["RefreshToken"]!.GetValue<string>() },
        });
        return refreshed["AuthenticationResult"]!;
    }

    /// <summary>The claims of a JWT, read without checking it: these tests are about what was written.</summary>
    public static JsonObject Claims(JsonNode result, string token)
    {
        var payload = result[token]!.GetValue<string>().Split('.')[1];
        return JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(payload)))!.AsObject();
    }

    public static List<string>? Strings(JsonObject claims, string name) =>
        claims[name]?.AsArray().Select(v => v!.GetValue<string>()).ToList();
}
