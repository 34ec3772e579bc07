using System.Text.Json.Nodes;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.Tests;

/// <summary>
/// One Gatehouse for a whole test class, because starting one and creating a pool's keys dominate a test's time.
/// Pools are made on first use; every test signs up users of its own, so tests do not see each other's state.
/// </summary>
public sealed class SelfServiceFixture : IAsyncLifetime
{
    private readonly Dictionary<string, SelfServicePool> _pools = new(StringComparer.Ordinal);
    private int _names;

    public TestGatehouse Gatehouse { get; private set; } = null!;

    public async Task InitializeAsync() => Gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await Gatehouse.DisposeAsync();

    /// <summary>A name no other test of the class uses: the prefix and a number.</summary>
    public string Name(string prefix) => prefix + Interlocked.Increment(ref _names).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<SelfServicePool> PoolAsync(string key, Func<TestGatehouse, Task<SelfServicePool>> create)
    {
        if (!_pools.TryGetValue(key, out var pool))
        {
            pool = await create(Gatehouse);
            _pools[key] = pool;
        }

        return pool;
    }
}

/// <summary>A pool and app client for the self-service tests, with helpers for users, codes and tokens.</summary>
public sealed class SelfServicePool
{
    public const string Password = "Passw0rd!";
    public const string NewPassword = "N3w-Passw0rd!";

    private SelfServicePool(TestGatehouse gatehouse, string poolId, string clientId, string? clientSecret)
    {
        Gatehouse = gatehouse;
        PoolId = poolId;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public TestGatehouse Gatehouse { get; }
    public string PoolId { get; }
    public string ClientId { get; }
    public string? ClientSecret { get; }

    /// <summary>
    /// Creates a pool (by default auto-verifying email) and a client that allows password and refresh sign-in.
    /// </summary>
    public static async Task<SelfServicePool> CreateAsync(
        TestGatehouse gatehouse, object? pool = null, bool hideUsers = false, bool revocation = true, bool secret = false,
        string[]? writeAttributes = null)
    {
        var created = await gatehouse.CallAsync("CreateUserPool", pool ?? new { PoolName = "selfservice", AutoVerifiedAttributes = new[] { "email" } });
        var poolId = created["UserPool"]!["Id"]!.GetValue<string>();
        var client = await gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientName = "app",
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
            PreventUserExistenceErrors = hideUsers ? "ENABLED" : "LEGACY",
            EnableTokenRevocation = revocation,
            GenerateSecret = secret,
            WriteAttributes = writeAttributes,
        });
        var settings = client["UserPoolClient"]!;
        return new SelfServicePool(gatehouse, poolId, settings["ClientId"]!.GetValue<string>(), settings["ClientSecret"]?.GetValue<string>());
    }

    public Task<JsonNode> CallAsync(string action, object body) => Gatehouse.CallAsync(action, body);

    public Task<CognitoError> FailAsync(string action, object body, string expectedType) => Gatehouse.FailAsync(action, body, expectedType);

    public string? Hash(string username) => ClientSecret is null ? null : SecretHash.Compute(ClientSecret, username, ClientId);

    /// <summary>Signs a user up with an email and confirms it with the code from the outbox, so the email is verified.</summary>
    public async Task SignUpConfirmedAsync(string username, string email)
    {
        await CallAsync("SignUp", new
        {
            ClientId,
            SecretHash = Hash(username),
            Username = username,
            Password,
            UserAttributes = new[] { new { Name = "email", Value = email } },
        });
        await CallAsync("ConfirmSignUp", new { ClientId, SecretHash = Hash(username), Username = username, ConfirmationCode = await CodeAsync(username) });
    }

    /// <summary>The newest message's code for the user.</summary>
    public async Task<string> CodeAsync(string username) =>
        (await MessagesAsync(username))[0]!["code"]!.GetValue<string>();

    public async Task<JsonArray> MessagesAsync(string username)
    {
        var text = await Gatehouse.Http.GetStringAsync(
            $"/_gatehouse/outbox?userPoolId={Uri.EscapeDataString(PoolId)}&username={Uri.EscapeDataString(username)}");
        return JsonNode.Parse(text)!["messages"]!.AsArray();
    }

    /// <summary>USER_PASSWORD_AUTH; returns the AuthenticationResult.</summary>
    public async Task<JsonNode> SignInAsync(string username, string password = Password)
    {
        var response = await CallAsync("InitiateAuth", new
        {
            ClientId,
            AuthFlow = "USER_PASSWORD_AUTH",
            AuthParameters = AuthParameters(("USERNAME", username), ("PASSWORD", password), ("SECRET_HASH", Hash(username))),
        });
        return response["AuthenticationResult"]!;
    }

    public Task<CognitoError> SignInFailsAsync(string username, string password, string expectedType) =>
        FailAsync("InitiateAuth", new
        {
            ClientId,
            AuthFlow = "USER_PASSWORD_AUTH",
            AuthParameters = AuthParameters(("USERNAME", username), ("PASSWORD", password), ("SECRET_HASH", Hash(username))),
        }, expectedType);

    public Task<JsonNode> RefreshAsync(string refreshToken, string? username = null) =>
        CallAsync("InitiateAuth", new
        {
            ClientId,
            AuthFlow = "REFRESH_TOKEN_AUTH",
            AuthParameters = AuthParameters(("REFRESH_TOKEN", refreshToken), ("SECRET_HASH", username is null ? null : Hash(username))),
        });

    public Task<CognitoError> RefreshFailsAsync(string refreshToken, string? username = null) =>
        FailAsync("InitiateAuth", new
        {
            ClientId,
            AuthFlow = "REFRESH_TOKEN_AUTH",
            AuthParameters = AuthParameters(("REFRESH_TOKEN", refreshToken), ("SECRET_HASH", username is null ? null : Hash(username))),
        }, "NotAuthorizedException");

    public Task<JsonNode> AdminGetUserAsync(string username) => CallAsync("AdminGetUser", new { UserPoolId = PoolId, Username = username });

    /// <summary>What a failed call must leave untouched: the user as stored, and the messages sent.</summary>
    public async Task<string> SnapshotAsync(string username)
    {
        var user = await AdminGetUserAsync(username);
        var messages = await MessagesAsync(username);
        return user.ToJsonString() + "|" + messages.Count;
    }

    public static string? Attribute(JsonNode user, string name, string member = "UserAttributes") =>
        user[member]!.AsArray().FirstOrDefault(a => a!["Name"]!.GetValue<string>() == name)?["Value"]?.GetValue<string>();

    private static Dictionary<string, string> AuthParameters(params (string Name, string? Value)[] parameters) =>
        parameters.Where(p => p.Value is not null).ToDictionary(p => p.Name, p => p.Value!);
}
