using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>The steps user tests repeat: a pool, an admin-auth client, confirmed users, sign-in, the outbox.</summary>
internal static class UserSteps
{
    public const string Password = "Passw0rd!";

    public static async Task<string> CreatePoolAsync(this TestGatehouse gatehouse, object? body = null)
    {
        var pool = await gatehouse.CallAsync("CreateUserPool", body ?? new { PoolName = "users" });
        return pool["UserPool"]!["Id"]!.GetValue<string>();
    }

    public static async Task<string> CreateAdminClientAsync(this TestGatehouse gatehouse, string poolId)
    {
        var client = await gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientName = "admin",
            ExplicitAuthFlows = new[] { "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
        });
        return client["UserPoolClient"]!["ClientId"]!.GetValue<string>();
    }

    /// <summary>A CONFIRMED user with <see cref="Password"/>, made as an administrator would.</summary>
    public static async Task<JsonNode> CreateUserAsync(this TestGatehouse gatehouse, string poolId, string username, params (string Name, string Value)[] attributes)
    {
        var created = await gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = poolId,
            Username = username,
            MessageAction = "SUPPRESS",
            TemporaryPassword = "Temp0rary!",
            UserAttributes = attributes.Select(a => new { a.Name, a.Value }).ToArray(),
        });
        await gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = poolId, Username = username, Password, Permanent = true });
        return created["User"]!;
    }

    public static Task<JsonNode> SignInAsync(this TestGatehouse gatehouse, string poolId, string clientId, string username, string password = Password) =>
        gatehouse.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = poolId,
            ClientId = clientId,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
        });

    public static Task<CognitoError> SignInFailsAsync(this TestGatehouse gatehouse, string poolId, string clientId, string username, string password, string type) =>
        gatehouse.FailAsync("AdminInitiateAuth", new
        {
            UserPoolId = poolId,
            ClientId = clientId,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
        }, type);

    public static Task<JsonNode> RefreshAsync(this TestGatehouse gatehouse, string poolId, string clientId, string refreshToken) =>
        gatehouse.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = poolId,
            ClientId = clientId,
            AuthFlow = "REFRESH_TOKEN_AUTH",
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = refreshToken },
        });

    public static Task<JsonNode> GetUserAsync(this TestGatehouse gatehouse, string poolId, string username) =>
        gatehouse.CallAsync("AdminGetUser", new { UserPoolId = poolId, Username = username });

    /// <summary>AdminGetUser's attributes by name.</summary>
    public static async Task<Dictionary<string, string>> AttributesAsync(this TestGatehouse gatehouse, string poolId, string username)
    {
        var user = await gatehouse.GetUserAsync(poolId, username);
        return user["UserAttributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());
    }

    /// <summary>The outbox, newest first.</summary>
    public static async Task<JsonArray> OutboxAsync(this TestGatehouse gatehouse, string poolId, string? username = null)
    {
        var query = $"/_gatehouse/outbox?userPoolId={Uri.EscapeDataString(poolId)}" + (username is null ? "" : $"&username={Uri.EscapeDataString(username)}");
        var body = JsonNode.Parse(await gatehouse.Http.GetStringAsync(new Uri(query, UriKind.Relative)))!;
        return body["messages"]!.AsArray();
    }

    /// <summary>Every user of the pool as ListUsers shows them, plus the outbox: what a failed request must leave alone.</summary>
    public static async Task<string> SnapshotAsync(this TestGatehouse gatehouse, string poolId)
    {
        var users = await gatehouse.CallAsync("ListUsers", new { UserPoolId = poolId });
        var outbox = await gatehouse.OutboxAsync(poolId);
        return users.ToJsonString() + outbox.ToJsonString();
    }
}
