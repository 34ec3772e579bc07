using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>An app client of the pool's domain: its id, its secret if it has one, and its callback URL.</summary>
public sealed record OAuthClient(string PoolId, string ClientId, string? Secret, string Callback = OAuthSteps.Callback)
{
    /// <summary>The client's HTTP Basic credentials, or null for a public client.</summary>
    public (string Id, string Secret)? Basic => Secret is null ? null : (ClientId, Secret);
}

/// <summary>A PKCE verifier and its S256 challenge (RFC 7636).</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce New()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}

/// <summary>The token endpoint's answer: the status and the JSON body.</summary>
public sealed record TokenAnswer(HttpStatusCode Status, JsonObject Body)
{
    public string? AccessToken => Body["access_token"]?.GetValue<string>();
    public string? IdToken => Body["id_token"]?.GetValue<string>();
    public string? RefreshToken => Body["refresh_token"]?.GetValue<string>();
    public string? Error => Body["error"]?.GetValue<string>();
}

/// <summary>
/// The OAuth steps of the pool's domain, without the hosted pages: an OAuth app client, a user signed in by a login
/// session started straight in the store (what <c>/login</c> does), <c>/oauth2/authorize</c> with that session's
/// cookie, and the code exchanged at <c>/oauth2/token</c> with PKCE.
/// </summary>
public static class OAuthSteps
{
    public const string Callback = "https://app.example.com/callback";

    public static readonly string[] AllScopes = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

    /// <summary>An app client allowed the code and implicit flows and the given scopes (all standard ones by default).</summary>
    public static async Task<OAuthClient> CreateOAuthClientAsync(
        this TestGatehouse gatehouse, string poolId, string[]? scopes = null, string[]? flows = null, bool secret = false,
        string[]? readAttributes = null, bool enableTokenRevocation = true)
    {
        var client = (await gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientName = "web",
            GenerateSecret = secret,
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthFlows = flows ?? ["code", "implicit"],
            AllowedOAuthScopes = scopes ?? AllScopes,
            CallbackURLs = new[] { Callback },
            SupportedIdentityProviders = new[] { "COGNITO" },
            ReadAttributes = readAttributes,
            EnableTokenRevocation = enableTokenRevocation,
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
        }))["UserPoolClient"]!;
        return new OAuthClient(poolId, client["ClientId"]!.GetValue<string>(), client["ClientSecret"]?.GetValue<string>());
    }

    /// <summary>Signs the user in as the hosted login page would: a login session in the store; returns the cookie value.</summary>
    public static async Task<string> LoginCookieAsync(this TestGatehouse gatehouse, string poolId, string username)
    {
        var store = gatehouse.Services.GetRequiredService<IGatehouseStore>();
        var logins = gatehouse.Services.GetRequiredService<LoginSessions>();
        await using var session = await store.OpenAsync(write: true, CancellationToken.None);
        var pool = await session.GetPoolAsync(poolId, CancellationToken.None) ?? throw new InvalidOperationException($"No pool {poolId}");
        var user = await session.GetUserAsync(poolId, UserKeys.Username(pool, username), CancellationToken.None)
            ?? throw new InvalidOperationException($"No user {username}");
        var cookie = await logins.StartAsync(session, poolId, user, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return cookie;
    }

    /// <summary>The query of an authorize request, skipping null parameters.</summary>
    public static string AuthorizeQuery(
        OAuthClient client, string responseType = "code", string? scope = "openid", Pkce? pkce = null, string? state = "xyz", string? nonce = null,
        string? redirectUri = null) =>
        Query.Join(
            ("response_type", responseType),
            ("client_id", client.ClientId),
            ("redirect_uri", redirectUri ?? client.Callback),
            ("scope", scope),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", pkce?.Challenge),
            ("code_challenge_method", pkce is null ? null : "S256"));

    /// <summary>GET /oauth2/authorize?{query}, with the login session cookie if given; returns the redirect's Location.</summary>
    public static async Task<string> AuthorizeAsync(this TestGatehouse gatehouse, string query, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/authorize?" + query);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{LoginSessions.CookieName}={cookie}");
        }

        using var response = await gatehouse.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>A parameter of a redirect's query (or, with <paramref name="fragment"/>, of its fragment).</summary>
    public static string? Parameter(string location, string name, bool fragment = false)
    {
        var separator = location.IndexOf(fragment ? '#' : '?', StringComparison.Ordinal);
        if (separator < 0)
        {
            return null;
        }

        var part = location[(separator + 1)..];
        if (!fragment && part.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0)
        {
            part = part[..hash];
        }

        return QueryHelpers.ParseQuery(part).TryGetValue(name, out var value) ? value.ToString() : null;
    }

    /// <summary>Signs the user in and authorizes: returns the code the browser would bring back to the callback.</summary>
    public static async Task<string> CodeAsync(
        this TestGatehouse gatehouse, OAuthClient client, string username, string scope = "openid", Pkce? pkce = null, string? nonce = null)
    {
        var cookie = await gatehouse.LoginCookieAsync(client.PoolId, username);
        var location = await gatehouse.AuthorizeAsync(AuthorizeQuery(client, scope: scope, pkce: pkce, nonce: nonce), cookie);
        Assert.StartsWith(client.Callback + "?", location, StringComparison.Ordinal);
        return Parameter(location, "code") ?? throw new InvalidOperationException("No code in " + location);
    }

    /// <summary>POST /oauth2/token with the form, and the client's Basic credentials if given.</summary>
    public static async Task<TokenAnswer> TokenAsync(this TestGatehouse gatehouse, string form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = Form(form) };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = BasicHeader(credentials.Id, credentials.Secret);
        }

        using var response = await gatehouse.Http.SendAsync(request);
        return new TokenAnswer(response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>Exchanges a code at the token endpoint, authenticating the client as it can (Basic with a secret).</summary>
    public static Task<TokenAnswer> ExchangeAsync(this TestGatehouse gatehouse, OAuthClient client, string code, Pkce? pkce, string? redirectUri = null) =>
        gatehouse.TokenAsync(
            Query.Join(
                ("grant_type", "authorization_code"),
                ("client_id", client.Secret is null ? client.ClientId : null),
                ("code", code),
                ("redirect_uri", redirectUri ?? client.Callback),
                ("code_verifier", pkce?.Verifier)),
            client.Basic);

    /// <summary>The whole authorization code flow with PKCE: the user's tokens, which must be issued.</summary>
    public static async Task<TokenAnswer> SignInWithCodeAsync(
        this TestGatehouse gatehouse, OAuthClient client, string username, string scope = "openid", string? nonce = null)
    {
        var pkce = Pkce.New();
        var code = await gatehouse.CodeAsync(client, username, scope, pkce, nonce);
        var answer = await gatehouse.ExchangeAsync(client, code, pkce);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToJsonString());
        return answer;
    }

    /// <summary>The refresh_token grant for the client.</summary>
    public static Task<TokenAnswer> RefreshWithTokenEndpointAsync(this TestGatehouse gatehouse, OAuthClient client, string refreshToken) =>
        gatehouse.TokenAsync(
            Query.Join(("grant_type", "refresh_token"), ("client_id", client.Secret is null ? client.ClientId : null), ("refresh_token", refreshToken)),
            client.Basic);

    /// <summary>POST /oauth2/revoke with the form, and Basic credentials if given.</summary>
    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> RevokeAsync(
        this TestGatehouse gatehouse, string form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/revoke") { Content = Form(form) };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = BasicHeader(credentials.Id, credentials.Secret);
        }

        var response = await gatehouse.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public static AuthenticationHeaderValue BasicHeader(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));

    private static StringContent Form(string form)
    {
        var content = new StringContent(form, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }
}
