using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>
/// <c>GET|POST /oauth2/userInfo</c>: the claims an access token's scopes release, as Cognito shapes them, and RFC
/// 6750's error for every token that is missing, forged, expired, of the wrong kind or without <c>openid</c>.
/// </summary>
public sealed class UserInfoTests : IAsyncLifetime
{
    private const string InvalidTokenDescription = "Access token is expired, disabled, or deleted, or the user has globally signed out.";

    private TestGatehouse _gatehouse = null!;
    private string _poolId = "";
    private OAuthClient _client = null!;
    private string _sub = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _poolId = await _gatehouse.CreatePoolAsync(new
        {
            PoolName = "web",
            Schema = new[] { new { Name = "team", AttributeDataType = "String", Mutable = true } },
        });
        _client = await _gatehouse.CreateOAuthClientAsync(_poolId);
        var user = await _gatehouse.CreateUserAsync(
            _poolId, "alice", ("email", "alice@example.com"), ("email_verified", "true"), ("phone_number", "+15555550100"),
            ("phone_number_verified", "false"), ("name", "Alice Liddell"), ("given_name", "Alice"), ("custom:team", "blue"));
        _sub = user["Attributes"]!.AsArray().Single(a => a!["Name"]!.GetValue<string>() == "sub")!["Value"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private async Task<string> AccessTokenAsync(string scope, OAuthClient? client = null) =>
        (await _gatehouse.SignInWithCodeAsync(client ?? _client, "alice", scope)).AccessToken!;

    private async Task<(HttpStatusCode Status, JsonObject? Body, HttpResponseMessage Response)> UserInfoAsync(
        string? token, HttpMethod? method = null, string? host = null, string scheme = "Bearer")
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, "/oauth2/userInfo");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {token}");
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        var response = await _gatehouse.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject(), response);
    }

    private async Task ExpectRefusedAsync(string? token, HttpStatusCode status, string error, string? host = null, string scheme = "Bearer")
    {
        var (actual, body, response) = await UserInfoAsync(token, host: host, scheme: scheme);
        Assert.Equal(status, actual);
        Assert.Equal(error, body!["error"]!.GetValue<string>());
        Assert.Null(body["sub"]);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.StartsWith($"error=\"{error}\"", challenge.Parameter, StringComparison.Ordinal);
        if (error == "invalid_token")
        {
            Assert.Equal(InvalidTokenDescription, body["error_description"]!.GetValue<string>());
            Assert.Contains($"error_description=\"{InvalidTokenDescription}\"", challenge.Parameter, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Openid_alone_releases_every_readable_attribute_as_strings_with_the_username_last()
    {
        var (status, body, response) = await UserInfoAsync(await AccessTokenAsync("openid"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString().ToLowerInvariant());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        var names = body.Select(c => c.Key).ToList();
        Assert.Equal("sub", names[0]);
        Assert.Equal("username", names[^1]);
        string[] expected = ["sub", "email", "email_verified", "phone_number", "phone_number_verified", "name", "given_name", "custom:team", "username"];
        Assert.Equal(expected.Order(), names.Order());
        Assert.All(body, c => Assert.Equal(System.Text.Json.JsonValueKind.String, c.Value!.GetValueKind()));
        Assert.Equal(_sub, body["sub"]!.GetValue<string>());
        Assert.Equal("alice", body["username"]!.GetValue<string>());
        Assert.Equal("true", body["email_verified"]!.GetValue<string>());
        Assert.Equal("false", body["phone_number_verified"]!.GetValue<string>());
        Assert.Equal("+15555550100", body["phone_number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Openid_email_releases_only_the_email_claims()
    {
        var (status, body, _) = await UserInfoAsync(await AccessTokenAsync("openid email"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body);
        Assert.Equal(["sub", "email", "email_verified", "username"], body.Select(c => c.Key).ToArray());
        Assert.Equal("alice@example.com", body["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Openid_profile_phone_releases_profile_custom_and_phone_claims_but_not_email()
    {
        var (status, body, _) = await UserInfoAsync(await AccessTokenAsync("openid profile phone"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body);
        string[] expected = ["sub", "phone_number", "phone_number_verified", "name", "given_name", "custom:team", "username"];
        Assert.Equal(expected.Order(), body.Select(c => c.Key).Order());
        Assert.Equal("blue", body["custom:team"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_admin_scope_changes_nothing_and_the_clients_read_attributes_limit_every_scope()
    {
        var (_, withAdmin, _) = await UserInfoAsync(await AccessTokenAsync("openid email aws.cognito.signin.user.admin"));
        Assert.Equal(["sub", "email", "email_verified", "username"], withAdmin!.Select(c => c.Key).ToArray());

        var narrow = await _gatehouse.CreateOAuthClientAsync(_poolId, readAttributes: ["email", "name"]);
        var (_, all, _) = await UserInfoAsync(await AccessTokenAsync("openid", narrow));
        Assert.Equal(["email", "name", "sub", "username"], all!.Select(c => c.Key).Order().ToArray());
        var (_, profile, _) = await UserInfoAsync(await AccessTokenAsync("openid profile phone", narrow));
        Assert.Equal(["name", "sub", "username"], profile!.Select(c => c.Key).Order().ToArray());
    }

    [Fact]
    public async Task GET_and_POST_answer_the_same_and_the_path_and_scheme_are_case_insensitive()
    {
        var token = await AccessTokenAsync("openid email");
        var (getStatus, getBody, _) = await UserInfoAsync(token, HttpMethod.Get);
        var (postStatus, postBody, _) = await UserInfoAsync(token, HttpMethod.Post);
        var (lowerStatus, lowerBody, _) = await UserInfoAsync(token, scheme: "bearer");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(HttpStatusCode.OK, postStatus);
        Assert.Equal(HttpStatusCode.OK, lowerStatus);
        Assert.Equal(getBody!.ToJsonString(), postBody!.ToJsonString());
        Assert.Equal(getBody.ToJsonString(), lowerBody!.ToJsonString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_bearer_token_is_invalid_request()
    {
        await ExpectRefusedAsync(null, HttpStatusCode.BadRequest, "invalid_request");
        await ExpectRefusedAsync("", HttpStatusCode.BadRequest, "invalid_request");
        await ExpectRefusedAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_client.ClientId}:x")), HttpStatusCode.BadRequest, "invalid_request", scheme: "Basic");

        // The token in a form or the query string is not read: Cognito takes it only from the header.
        var token = await AccessTokenAsync("openid");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/userInfo?access_token=" + token)
        {
            Content = new FormUrlEncodedContent([new("access_token", token)]),
        };
        var response = await _gatehouse.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad OAuth2 request at UserInfo Endpoint", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error_description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Forged_tokens_are_invalid_token()
    {
        var answer = await _gatehouse.SignInWithCodeAsync(_client, "alice", "openid email");
        var token = answer.AccessToken!;
        var parts = token.Split('.');

        // A signature with one bit changed, a payload changed under the old signature, garbage.
        var signature = System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]);
        signature[0] ^= 1;
        await ExpectRefusedAsync($"{parts[0]}.{parts[1]}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}", HttpStatusCode.Unauthorized, "invalid_token");
        var payload = Scenario.Payload(token);
        payload["username"] = "bob";
        await ExpectRefusedAsync($"{parts[0]}.{Encode(payload)}.{parts[2]}", HttpStatusCode.Unauthorized, "invalid_token");
        await ExpectRefusedAsync("not-a-token", HttpStatusCode.Unauthorized, "invalid_token");

        // alg "none" (with and without a signature part) and HS256 keyed with anything are never considered.
        var kid = Scenario.Header(token)["kid"]!.GetValue<string>();
        await ExpectRefusedAsync($"{Encode(new JsonObject { ["kid"] = kid, ["alg"] = "none" })}.{parts[1]}.", HttpStatusCode.Unauthorized, "invalid_token");
        await ExpectRefusedAsync($"{Encode(new JsonObject { ["kid"] = kid, ["alg"] = "none" })}.{parts[1]}.{parts[2]}", HttpStatusCode.Unauthorized, "invalid_token");
        await ExpectRefusedAsync($"{Encode(new JsonObject { ["kid"] = kid, ["alg"] = "HS256" })}.{parts[1]}.{parts[2]}", HttpStatusCode.Unauthorized, "invalid_token");

        // Another pool's key signing this pool's claims: the kid is not one of this pool's.
        var otherPool = await _gatehouse.CreatePoolAsync(new { PoolName = "other" });
        var otherKeys = await _gatehouse.Services.GetRequiredService<SigningKeys>().GetAsync(otherPool, CancellationToken.None);
        var resigned = Jwt.Sign(otherKeys!.Access.Rsa, otherKeys.Access.Kid, Encoding.UTF8.GetBytes(Scenario.Payload(token).ToJsonString()));
        await ExpectRefusedAsync(resigned, HttpStatusCode.Unauthorized, "invalid_token");

        // The ID token is not an access token.
        await ExpectRefusedAsync(answer.IdToken, HttpStatusCode.Unauthorized, "invalid_token");

        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(token)).Status);
    }

    [Fact]
    public async Task Through_a_pool_domain_only_that_pools_tokens_are_good()
    {
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "alpha" });
        var otherPool = await _gatehouse.CreatePoolAsync(new { PoolName = "other" });
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = otherPool, Domain = "beta" });
        var token = await AccessTokenAsync("openid");

        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(token, host: "alpha.auth.localhost")).Status);
        await ExpectRefusedAsync(token, HttpStatusCode.Unauthorized, "invalid_token", host: "beta.auth.localhost");
        await ExpectRefusedAsync(token, HttpStatusCode.Unauthorized, "invalid_token", host: "nobody.auth.localhost");
    }

    [Fact]
    public async Task An_expired_token_is_invalid_token()
    {
        var token = await AccessTokenAsync("openid");
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(token)).Status);
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(1));
        await ExpectRefusedAsync(token, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Tokens_without_openid_are_insufficient_scope()
    {
        // The Cognito API's own access token (scope aws.cognito.signin.user.admin).
        var signedIn = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _client.ClientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = UserSteps.Password },
        });
        await ExpectRefusedAsync(signedIn["AuthenticationResult"]!["AccessToken"]!.GetValue<string>(), HttpStatusCode.Forbidden, "insufficient_scope");

        // A domain token granted other scopes only.
        await ExpectRefusedAsync(await AccessTokenAsync("email profile"), HttpStatusCode.Forbidden, "insufficient_scope");

        // A client_credentials token: no user at all.
        await _gatehouse.CallAsync("CreateResourceServer", new
        {
            UserPoolId = _poolId,
            Identifier = "api",
            Name = "API",
            Scopes = new[] { new { ScopeName = "read", ScopeDescription = "Read" } },
        });
        var machine = await _gatehouse.CreateOAuthClientAsync(_poolId, ["api/read"], ["client_credentials"], secret: true);
        var machineToken = await _gatehouse.TokenAsync("grant_type=client_credentials", machine.Basic);
        Assert.Equal(HttpStatusCode.OK, machineToken.Status);
        await ExpectRefusedAsync(machineToken.AccessToken, HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task A_disabled_deleted_or_globally_signed_out_user_is_invalid_token()
    {
        var token = await AccessTokenAsync("openid aws.cognito.signin.user.admin");
        await _gatehouse.CallAsync("AdminDisableUser", new { UserPoolId = _poolId, Username = "alice" });
        await ExpectRefusedAsync(token, HttpStatusCode.Unauthorized, "invalid_token");

        // Disabling revokes the user's tokens, as in Cognito: enabling again does not bring them back.
        await _gatehouse.CallAsync("AdminEnableUser", new { UserPoolId = _poolId, Username = "alice" });
        await ExpectRefusedAsync(token, HttpStatusCode.Unauthorized, "invalid_token");

        var again = await AccessTokenAsync("openid aws.cognito.signin.user.admin");
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(again)).Status);
        await _gatehouse.CallAsync("GlobalSignOut", new { AccessToken = again });
        await ExpectRefusedAsync(again, HttpStatusCode.Unauthorized, "invalid_token");

        var fresh = await AccessTokenAsync("openid");
        await _gatehouse.CallAsync("AdminDeleteUser", new { UserPoolId = _poolId, Username = "alice" });
        await ExpectRefusedAsync(fresh, HttpStatusCode.Unauthorized, "invalid_token");

        // A new user of the same name is someone else: the old token does not speak for them.
        await _gatehouse.CreateUserAsync(_poolId, "alice", ("email", "new@example.com"));
        await ExpectRefusedAsync(fresh, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_disabled_user_is_refused_even_for_a_token_that_no_sign_out_could_revoke()
    {
        // The implicit grant has no refresh token, so disabling the user revokes nothing: the user check refuses.
        var cookie = await _gatehouse.LoginCookieAsync(_poolId, "alice");
        var location = await _gatehouse.AuthorizeAsync(OAuthSteps.AuthorizeQuery(_client, "token", "openid"), cookie);
        var token = OAuthSteps.Parameter(location, "access_token", fragment: true)!;
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(token)).Status);

        await _gatehouse.CallAsync("AdminDisableUser", new { UserPoolId = _poolId, Username = "alice" });
        await ExpectRefusedAsync(token, HttpStatusCode.Unauthorized, "invalid_token");
        await _gatehouse.CallAsync("AdminEnableUser", new { UserPoolId = _poolId, Username = "alice" });
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(token)).Status);
    }

    private static string Encode(JsonObject json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
