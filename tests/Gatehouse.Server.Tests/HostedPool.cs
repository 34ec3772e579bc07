using System.Net;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>
/// A pool with a hosted-UI app client (code and implicit, no ExplicitAuthFlows for passwords: the hosted UI ignores
/// them), a registered callback and sign-out URL, and the authorize query the pages carry.
/// </summary>
internal sealed class HostedPool
{
    public const string Callback = "https://app.example.com/cb";
    public const string SignOut = "https://app.example.com/bye";
    public const string Password = "Passw0rd!";

    private HostedPool(TestGatehouse gatehouse, string poolId, string clientId, string? secret)
    {
        Gatehouse = gatehouse;
        PoolId = poolId;
        ClientId = clientId;
        Secret = secret;
    }

    public TestGatehouse Gatehouse { get; }
    public string PoolId { get; }
    public string ClientId { get; }
    public string? Secret { get; }

    public static async Task<HostedPool> CreateAsync(TestGatehouse gatehouse, object? pool = null, bool secret = false)
    {
        var poolId = await gatehouse.CreatePoolAsync(pool ?? new { PoolName = "hosted", AutoVerifiedAttributes = new[] { "email" } });
        var client = (await gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientName = "web",
            GenerateSecret = secret,
            ExplicitAuthFlows = new[] { "ALLOW_REFRESH_TOKEN_AUTH" },
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthFlows = new[] { "code", "implicit" },
            AllowedOAuthScopes = new[] { "openid", "email", "profile" },
            SupportedIdentityProviders = new[] { "COGNITO" },
            CallbackURLs = new[] { Callback },
            LogoutURLs = new[] { SignOut },
        }))["UserPoolClient"]!;
        return new HostedPool(gatehouse, poolId, client["ClientId"]!.GetValue<string>(), client["ClientSecret"]?.GetValue<string>());
    }

    /// <summary>A PKCE pair for tests that do not exchange the code.</summary>
    public static readonly (string Verifier, string Challenge) AnyPkce = HostedBrowser.Pkce();

    /// <summary>The authorize query: code + PKCE (S256) by default; implicit with <c>token</c>.</summary>
    public string Query(string responseType = "code", string state = "st4te", string? challenge = null, string scope = "openid email")
    {
        challenge ??= responseType == "code" ? AnyPkce.Challenge : null;
        return $"client_id={ClientId}&response_type={responseType}&scope={Uri.EscapeDataString(scope)}&redirect_uri={Uri.EscapeDataString(Callback)}&state={Uri.EscapeDataString(state)}"
            + (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256");
    }

    /// <summary>A CONFIRMED user with a verified email and <see cref="Password"/>.</summary>
    public async Task CreateUserAsync(string username)
    {
        await Gatehouse.CreateUserAsync(PoolId, username, ("email", username + "@example.com"), ("email_verified", "true"));
    }

    public async Task<string> LatestCodeAsync(string username) =>
        (await Gatehouse.OutboxAsync(PoolId, username))[0]!["code"]!.GetValue<string>();

    /// <summary>Signs in on /login and returns the redirect to the callback.</summary>
    public async Task<HostedBrowser.Page> SignInAsync(HostedBrowser browser, string query, string username, string password = Password)
    {
        var login = await browser.GetAsync("/login?" + query);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        return await browser.PostAsync(login.FormAction, [("username", username), ("password", password)]);
    }

    public async Task<JsonObject> ExchangeAsync(string code, string verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = code,
            ["redirect_uri"] = Callback,
            ["code_verifier"] = verifier,
        };
        if (Secret is not null)
        {
            form["client_secret"] = Secret;
        }

        using var response = await Gatehouse.Http.PostAsync(new Uri("/oauth2/token", UriKind.Relative), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
