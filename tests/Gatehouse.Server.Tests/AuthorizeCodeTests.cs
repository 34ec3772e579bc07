using System.Net;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Tokens;

namespace Gatehouse.Server.Tests;

/// <summary>
/// The authorization code and implicit grants in-process, without the hosted pages: every way <c>/oauth2/authorize</c>
/// refuses (never redirecting to an unregistered URI), every way a code exchange fails, and the tokens it issues
/// (scopes, nonce, at_hash, refresh).
/// </summary>
public sealed class AuthorizeCodeTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private string _poolId = "";
    private OAuthClient _public = null!;
    private OAuthClient _confidential = null!;
    private string _cookie = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _poolId = await _gatehouse.CreatePoolAsync(new { PoolName = "web" });
        _public = await _gatehouse.CreateOAuthClientAsync(_poolId);
        _confidential = await _gatehouse.CreateOAuthClientAsync(_poolId, secret: true);
        await _gatehouse.CreateUserAsync(_poolId, "alice", ("email", "alice@example.com"), ("email_verified", "true"));
        _cookie = await _gatehouse.LoginCookieAsync(_poolId, "alice");
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private Task<string> AuthorizeAsync(OAuthClient client, string responseType = "code", string? scope = "openid", Pkce? pkce = null, string? redirectUri = null) =>
        _gatehouse.AuthorizeAsync(OAuthSteps.AuthorizeQuery(client, responseType, scope, pkce, redirectUri: redirectUri), _cookie);

    private static void AssertRedirectedWithError(OAuthClient client, string location, string error)
    {
        Assert.StartsWith(client.Callback + "?", location, StringComparison.Ordinal);
        Assert.Equal(error, OAuthSteps.Parameter(location, "error"));
        Assert.Equal("xyz", OAuthSteps.Parameter(location, "state"));
        Assert.Null(OAuthSteps.Parameter(location, "code"));
    }

    private static void AssertErrorPage(string location, string error)
    {
        Assert.StartsWith("/error?", location, StringComparison.Ordinal);
        Assert.Equal(error, OAuthSteps.Parameter(location, "error"));
        Assert.DoesNotContain("evil", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_uri_must_match_a_callback_exactly_or_the_error_stays_on_our_error_page()
    {
        foreach (var uri in new[] { "https://evil.example.com/callback", OAuthSteps.Callback + "/", OAuthSteps.Callback + "?evil=1", OAuthSteps.Callback.ToUpperInvariant() + "evil" })
        {
            var location = await AuthorizeAsync(_public, pkce: Pkce.New(), redirectUri: uri);
            AssertErrorPage(location, "redirect_mismatch");
            Assert.Equal(_public.ClientId, OAuthSteps.Parameter(location, "client_id"));
            Assert.DoesNotContain(Uri.EscapeDataString(uri), location, StringComparison.Ordinal);
        }

        var noUri = await _gatehouse.AuthorizeAsync(Query.Join(("response_type", "code"), ("client_id", _public.ClientId)), _cookie);
        AssertErrorPage(noUri, "redirect_mismatch");
    }

    [Fact]
    public async Task An_unknown_or_missing_client_or_a_repeated_parameter_is_shown_on_our_error_page()
    {
        var unknown = _public with { ClientId = "nosuchclient" };
        AssertErrorPage(await AuthorizeAsync(unknown, pkce: Pkce.New()), "invalid_request");
        AssertErrorPage(await _gatehouse.AuthorizeAsync(Query.Join(("response_type", "code"), ("redirect_uri", OAuthSteps.Callback)), _cookie), "invalid_request");
        var twice = OAuthSteps.AuthorizeQuery(_public, pkce: Pkce.New()) + "&scope=email";
        AssertErrorPage(await _gatehouse.AuthorizeAsync(twice, _cookie), "invalid_request");
    }

    [Fact]
    public async Task Response_types_the_client_may_not_use_or_that_do_not_exist_go_back_to_the_client()
    {
        var codeOnly = await _gatehouse.CreateOAuthClientAsync(_poolId, flows: ["code"]);
        AssertRedirectedWithError(codeOnly, await AuthorizeAsync(codeOnly, "token"), "unauthorized_client");
        var implicitOnly = await _gatehouse.CreateOAuthClientAsync(_poolId, flows: ["implicit"]);
        AssertRedirectedWithError(implicitOnly, await AuthorizeAsync(implicitOnly, "code", pkce: Pkce.New()), "unauthorized_client");

        AssertRedirectedWithError(_public, await AuthorizeAsync(_public, "id_token"), "unsupported_response_type");
        AssertRedirectedWithError(_public, await AuthorizeAsync(_public, "code token", pkce: Pkce.New()), "unsupported_response_type");
        AssertRedirectedWithError(_public, await _gatehouse.AuthorizeAsync(OAuthSteps.AuthorizeQuery(_public).Replace("response_type=code&", "", StringComparison.Ordinal), _cookie), "invalid_request");

        // OAuth flows switched off for the client altogether.
        await _gatehouse.CallAsync("UpdateUserPoolClient", new
        {
            UserPoolId = _poolId,
            _public.ClientId,
            AllowedOAuthFlowsUserPoolClient = false,
            CallbackURLs = new[] { OAuthSteps.Callback },
            SupportedIdentityProviders = new[] { "COGNITO" },
        });
        AssertRedirectedWithError(_public, await AuthorizeAsync(_public, pkce: Pkce.New()), "unauthorized_client");
    }

    [Fact]
    public async Task A_scope_the_client_is_not_allowed_is_invalid_scope()
    {
        var narrow = await _gatehouse.CreateOAuthClientAsync(_poolId, scopes: ["openid", "email"]);
        AssertRedirectedWithError(narrow, await AuthorizeAsync(narrow, scope: "openid profile", pkce: Pkce.New()), "invalid_scope");
        AssertRedirectedWithError(narrow, await AuthorizeAsync(narrow, scope: "openid nosuch/scope", pkce: Pkce.New()), "invalid_scope");
        AssertRedirectedWithError(narrow, await AuthorizeAsync(narrow, "token", scope: "aws.cognito.signin.user.admin"), "invalid_scope");
    }

    [Fact]
    public async Task PKCE_is_required_of_public_clients_and_only_S256_is_accepted()
    {
        AssertRedirectedWithError(_public, await AuthorizeAsync(_public), "invalid_request");

        var pkce = Pkce.New();
        var query = OAuthSteps.AuthorizeQuery(_public) + "&code_challenge=" + pkce.Verifier + "&code_challenge_method=plain";
        AssertRedirectedWithError(_public, await _gatehouse.AuthorizeAsync(query, _cookie), "invalid_request");
        var noMethod = OAuthSteps.AuthorizeQuery(_public) + "&code_challenge=" + pkce.Challenge;
        AssertRedirectedWithError(_public, await _gatehouse.AuthorizeAsync(noMethod, _cookie), "invalid_request");
        var tooShort = OAuthSteps.AuthorizeQuery(_public) + "&code_challenge=abc&code_challenge_method=S256";
        AssertRedirectedWithError(_public, await _gatehouse.AuthorizeAsync(tooShort, _cookie), "invalid_request");

        // A client with a secret may go without PKCE.
        var location = await AuthorizeAsync(_confidential);
        Assert.NotNull(OAuthSteps.Parameter(location, "code"));
        Assert.Equal("xyz", OAuthSteps.Parameter(location, "state"));
    }

    [Fact]
    public async Task Without_a_live_login_session_of_the_pool_the_browser_goes_to_the_login_page_with_the_same_query()
    {
        var query = OAuthSteps.AuthorizeQuery(_public, pkce: Pkce.New());
        Assert.Equal("/login?" + query, await _gatehouse.AuthorizeAsync(query, null));
        Assert.Equal("/login?" + query, await _gatehouse.AuthorizeAsync(query, "forged-cookie"));

        var otherPool = await _gatehouse.CreatePoolAsync(new { PoolName = "other" });
        await _gatehouse.CreateUserAsync(otherPool, "alice");
        Assert.Equal("/login?" + query, await _gatehouse.AuthorizeAsync(query, await _gatehouse.LoginCookieAsync(otherPool, "alice")));

        _gatehouse.Clock.Advance(LoginSessions.Lifetime);
        Assert.Equal("/login?" + query, await _gatehouse.AuthorizeAsync(query, _cookie));
    }

    [Fact]
    public async Task A_login_session_ends_with_its_user_even_when_a_new_user_takes_the_same_name()
    {
        var query = OAuthSteps.AuthorizeQuery(_public, pkce: Pkce.New());
        var cookie = await _gatehouse.LoginCookieAsync(_poolId, "alice");
        Assert.StartsWith("https://", await _gatehouse.AuthorizeAsync(query, cookie), StringComparison.Ordinal);

        await _gatehouse.CallAsync("AdminDeleteUser", new { UserPoolId = _poolId, Username = "alice" });
        await _gatehouse.CreateUserAsync(_poolId, "alice", ("email", "someone-else@example.com"));
        Assert.Equal("/login?" + query, await _gatehouse.AuthorizeAsync(query, cookie));
    }

    [Fact]
    public async Task A_code_is_good_once()
    {
        var pkce = Pkce.New();
        var code = await _gatehouse.CodeAsync(_public, "alice", pkce: pkce);
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.ExchangeAsync(_public, code, pkce)).Status);
        var reused = await _gatehouse.ExchangeAsync(_public, code, pkce);
        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Equal("invalid_grant", reused.Error);
        Assert.Null(reused.AccessToken);
    }

    [Fact]
    public async Task A_code_lasts_five_minutes()
    {
        var pkce = Pkce.New();
        var fresh = await _gatehouse.CodeAsync(_public, "alice", pkce: pkce);
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.ExchangeAsync(_public, fresh, pkce)).Status);

        var stale = await _gatehouse.CodeAsync(_public, "alice", pkce: pkce);
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(5));
        var expired = await _gatehouse.ExchangeAsync(_public, stale, pkce);
        Assert.Equal("invalid_grant", expired.Error);
    }

    [Fact]
    public async Task A_wrong_or_missing_verifier_wrong_redirect_uri_or_another_clients_code_is_invalid_grant_and_burns_the_code()
    {
        var pkce = Pkce.New();
        var mismatch = await _gatehouse.CodeAsync(_public, "alice", pkce: pkce);
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, mismatch, Pkce.New())).Error);
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, mismatch, pkce)).Error);

        var missing = await _gatehouse.CodeAsync(_public, "alice", pkce: pkce);
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, missing, null)).Error);

        var redirect = await _gatehouse.CodeAsync(_public, "alice", pkce: pkce);
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, redirect, pkce, "https://app.example.com/other")).Error);
        var noRedirect = await _gatehouse.TokenAsync(Query.Join(("grant_type", "authorization_code"), ("client_id", _public.ClientId), ("code", redirect), ("code_verifier", pkce.Verifier)));
        Assert.Equal("invalid_request", noRedirect.Error);

        var others = await _gatehouse.CodeAsync(_confidential, "alice", pkce: pkce);
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, others, pkce)).Error);
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_confidential, others, pkce)).Error);

        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, "not-a-code", pkce)).Error);
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, new string('a', 500), pkce)).Error);
    }

    [Fact]
    public async Task A_code_is_for_its_user_only_not_one_disabled_since_nor_a_new_user_of_the_same_name()
    {
        var pkce = Pkce.New();
        var disabled = await _gatehouse.CodeAsync(_public, "alice", pkce: pkce);
        await _gatehouse.CallAsync("AdminDisableUser", new { UserPoolId = _poolId, Username = "alice" });
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, disabled, pkce)).Error);
        await _gatehouse.CallAsync("AdminEnableUser", new { UserPoolId = _poolId, Username = "alice" });

        var replaced = await _gatehouse.CodeAsync(_public, "alice", pkce: pkce);
        await _gatehouse.CallAsync("AdminDeleteUser", new { UserPoolId = _poolId, Username = "alice" });
        await _gatehouse.CreateUserAsync(_poolId, "alice", ("email", "someone-else@example.com"));
        Assert.Equal("invalid_grant", (await _gatehouse.ExchangeAsync(_public, replaced, pkce)).Error);
    }

    [Fact]
    public async Task A_confidential_client_must_authenticate_to_exchange_its_code()
    {
        var pkce = Pkce.New();
        var code = await _gatehouse.CodeAsync(_confidential, "alice", pkce: pkce);
        var form = Query.Join(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", _confidential.Callback), ("code_verifier", pkce.Verifier));
        var wrong = await _gatehouse.TokenAsync(form, (_confidential.ClientId, "wrong-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal("invalid_client", wrong.Error);
        var none = await _gatehouse.TokenAsync(form + "&client_id=" + _confidential.ClientId);
        Assert.Equal("invalid_client", none.Error);

        // Failed client authentication does not reach the code: it still works.
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.TokenAsync(form, _confidential.Basic)).Status);
    }

    [Fact]
    public async Task The_tokens_carry_the_granted_scopes_the_nonce_and_an_at_hash_of_their_access_token()
    {
        var tokens = await _gatehouse.SignInWithCodeAsync(_public, "alice", "openid email aws.cognito.signin.user.admin", nonce: "nonce-123");
        Assert.Equal("Bearer", tokens.Body["token_type"]!.GetValue<string>());
        Assert.Equal(3600, tokens.Body["expires_in"]!.GetValue<int>());
        Assert.NotNull(tokens.RefreshToken);

        var access = Scenario.Payload(tokens.AccessToken!);
        Assert.Equal("openid email aws.cognito.signin.user.admin", access["scope"]!.GetValue<string>());
        Assert.Equal("access", access["token_use"]!.GetValue<string>());
        Assert.Equal(_public.ClientId, access["client_id"]!.GetValue<string>());
        Assert.Equal("alice", access["username"]!.GetValue<string>());
        Assert.Null(access["nonce"]);

        var id = Scenario.Payload(tokens.IdToken!);
        Assert.Equal("nonce-123", id["nonce"]!.GetValue<string>());
        Assert.Equal(_public.ClientId, id["aud"]!.GetValue<string>());
        Assert.Equal(access["origin_jti"]!.GetValue<string>(), id["origin_jti"]!.GetValue<string>());
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), id["auth_time"]!.GetValue<long>());

        // OIDC Core 3.1.3.6: the left half of the SHA-256 of the access token's ASCII, base64url without padding.
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(tokens.AccessToken!));
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(hash.AsSpan(0, 16)), id["at_hash"]!.GetValue<string>());
        Assert.Equal(TokenIssuer.AtHash(tokens.AccessToken!), id["at_hash"]!.GetValue<string>());

        // The API's own actions take the token, since aws.cognito.signin.user.admin was granted.
        await _gatehouse.CallAsync("GetUser", new { AccessToken = tokens.AccessToken });
    }

    [Fact]
    public async Task Without_a_scope_the_client_gets_all_its_scopes_and_without_openid_no_ID_token()
    {
        var all = await _gatehouse.SignInWithCodeAsync(_public, "alice", scope: "");
        Assert.Equal(string.Join(' ', OAuthSteps.AllScopes), Scenario.Payload(all.AccessToken!)["scope"]!.GetValue<string>());

        var emailOnly = await _gatehouse.SignInWithCodeAsync(_public, "alice", scope: "email");
        Assert.Null(emailOnly.IdToken);
        Assert.Equal("email", Scenario.Payload(emailOnly.AccessToken!)["scope"]!.GetValue<string>());
        var refreshed = await _gatehouse.RefreshWithTokenEndpointAsync(_public, emailOnly.RefreshToken!);
        Assert.Null(refreshed.IdToken);
        Assert.Equal("email", Scenario.Payload(refreshed.AccessToken!)["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refresh_keeps_the_granted_scopes_and_the_sign_in()
    {
        var tokens = await _gatehouse.SignInWithCodeAsync(_confidential, "alice", "openid profile", nonce: "abc");
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(30));
        var refreshed = await _gatehouse.RefreshWithTokenEndpointAsync(_confidential, tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Null(refreshed.RefreshToken);

        var before = Scenario.Payload(tokens.AccessToken!);
        var after = Scenario.Payload(refreshed.AccessToken!);
        Assert.Equal("openid profile", after["scope"]!.GetValue<string>());
        Assert.Equal(before["origin_jti"]!.GetValue<string>(), after["origin_jti"]!.GetValue<string>());
        Assert.Equal(before["auth_time"]!.GetValue<long>(), after["auth_time"]!.GetValue<long>());
        Assert.NotEqual(before["jti"]!.GetValue<string>(), after["jti"]!.GetValue<string>());
        var id = Scenario.Payload(refreshed.IdToken!);
        Assert.Equal(TokenIssuer.AtHash(refreshed.AccessToken!), id["at_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_implicit_grant_puts_the_tokens_in_the_fragment_with_the_state_and_no_refresh_token()
    {
        var location = await _gatehouse.AuthorizeAsync(OAuthSteps.AuthorizeQuery(_public, "token", "openid email", nonce: "n-1"), _cookie);
        Assert.StartsWith(_public.Callback + "#", location, StringComparison.Ordinal);
        Assert.DoesNotContain('?', location[..location.IndexOf('#', StringComparison.Ordinal)]);

        var access = OAuthSteps.Parameter(location, "access_token", fragment: true)!;
        var id = OAuthSteps.Parameter(location, "id_token", fragment: true)!;
        Assert.Equal("Bearer", OAuthSteps.Parameter(location, "token_type", fragment: true));
        Assert.Equal("3600", OAuthSteps.Parameter(location, "expires_in", fragment: true));
        Assert.Equal("xyz", OAuthSteps.Parameter(location, "state", fragment: true));
        Assert.Null(OAuthSteps.Parameter(location, "refresh_token", fragment: true));
        Assert.Null(OAuthSteps.Parameter(location, "code", fragment: true));

        Assert.Equal("openid email", Scenario.Payload(access)["scope"]!.GetValue<string>());
        var claims = Scenario.Payload(id);
        Assert.Equal("n-1", claims["nonce"]!.GetValue<string>());
        Assert.Equal(TokenIssuer.AtHash(access), claims["at_hash"]!.GetValue<string>());

        var withoutOpenid = await _gatehouse.AuthorizeAsync(OAuthSteps.AuthorizeQuery(_public, "token", "email"), _cookie);
        Assert.NotNull(OAuthSteps.Parameter(withoutOpenid, "access_token", fragment: true));
        Assert.Null(OAuthSteps.Parameter(withoutOpenid, "id_token", fragment: true));
    }
}
