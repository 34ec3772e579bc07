using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>A pool, a client and users in it, made through the public API.</summary>
public sealed class Scenario(TestGatehouse gatehouse, string poolId, string clientId, string? clientSecret)
{
    public const string Password = "Passw0rd!";

    public TestGatehouse Gatehouse { get; } = gatehouse;
    public string PoolId { get; } = poolId;
    public string ClientId { get; } = clientId;
    public string? ClientSecret { get; } = clientSecret;

    public static async Task<Scenario> CreateAsync(TestGatehouse gatehouse, bool secret = false, object? poolSettings = null, string[]? flows = null)
    {
        var pool = await gatehouse.CallAsync("CreateUserPool", poolSettings ?? new { PoolName = "test", AutoVerifiedAttributes = new[] { "email" } });
        var poolId = pool["UserPool"]!["Id"]!.GetValue<string>();
        var client = await gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientName = "app",
            GenerateSecret = secret,
            ExplicitAuthFlows = flows ?? ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        });
        return new Scenario(gatehouse, poolId, client["UserPoolClient"]!["ClientId"]!.GetValue<string>(), client["UserPoolClient"]!["ClientSecret"]?.GetValue<string>());
    }

    public string? SecretHash(string username) =>
        ClientSecret is null ? null : Core.Auth.SecretHash.Compute(ClientSecret, username, ClientId);

    /// <summary>Signs a user up and confirms them with the code from the outbox.</summary>
    public async Task<string> SignUpConfirmedAsync(string username, string email = "")
    {
        email = email.Length > 0 ? email : username + "@example.com";
        var result = await Gatehouse.CallAsync("SignUp", new
        {
            ClientId,
            Username = username,
            Password,
            SecretHash = SecretHash(username),
            UserAttributes = new[] { new { Name = "email", Value = email } },
        });
        var code = await LatestCodeAsync(username);
        await Gatehouse.CallAsync("ConfirmSignUp", new { ClientId, Username = username, ConfirmationCode = code, SecretHash = SecretHash(username) });
        return result["UserSub"]!.GetValue<string>();
    }

    public async Task<string> LatestCodeAsync(string username)
    {
        var outbox = JsonNode.Parse(await Gatehouse.Http.GetStringAsync($"/_gatehouse/outbox?userPoolId={PoolId}&username={username}"))!;
        return outbox["messages"]![0]!["code"]!.GetValue<string>();
    }

    public Task<JsonNode> SignInAsync(string username, string password = Password) =>
        Gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId,
            AuthParameters = Parameters(("USERNAME", username), ("PASSWORD", password), ("SECRET_HASH", SecretHash(username))),
        });

    /// <summary>A RespondToAuthChallenge body answering <paramref name="challenge"/> with USERNAME and one response.</summary>
    public JsonObject Answer(JsonNode challenge, string name, string member, string value, string username) => new()
    {
        ["ClientId"] = ClientId,
        ["ChallengeName"] = name,
        ["Session"] = challenge["Session"]!.GetValue<string>(),
        ["ChallengeResponses"] = new JsonObject { ["USERNAME"] = username, [member] = value },
    };

    public Task<JsonNode> AnswerAsync(JsonNode challenge, string name, string member, string value, string username) =>
        Gatehouse.CallAsync("RespondToAuthChallenge", Answer(challenge, name, member, value, username));

    public async Task<Tokens> TokensAsync(string username, string password = Password)
    {
        var result = (await SignInAsync(username, password))["AuthenticationResult"]!;
        return new Tokens(result["IdToken"]!.GetValue<string>(), result["AccessToken"]!.GetValue<string>(), result["RefreshToken"]!.GetValue<string>());
    }

    public static Dictionary<string, string> Parameters(params (string Key, string? Value)[] pairs) =>
        pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);

    /// <summary>A JWT's payload, decoded without verification, for asserting on claims.</summary>
    public static JsonObject Payload(string jwt) => JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1])))!.AsObject();

    public static JsonObject Header(string jwt) => JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[0])))!.AsObject();
}

public sealed record Tokens(string IdToken, string AccessToken, string RefreshToken);
