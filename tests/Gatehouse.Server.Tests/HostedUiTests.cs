using System.Net;

namespace Gatehouse.Server.Tests;

/// <summary>
/// The hosted sign-in page end to end through <c>/oauth2/authorize</c>: code + PKCE and the token exchange, implicit,
/// single sign-on with the login session cookie, wrong passwords and the lockout shared with the API, logout.
/// </summary>
public sealed class HostedUiTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private HostedPool _pool = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _pool = await HostedPool.CreateAsync(_gatehouse);
        await _pool.CreateUserAsync("alice");
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Code_flow_with_PKCE_signs_in_and_the_code_exchanges_for_tokens()
    {
        var browser = new HostedBrowser(_gatehouse);
        var (verifier, challenge) = HostedBrowser.Pkce();
        var authorize = await browser.GetAsync("/oauth2/authorize?" + _pool.Query(challenge: challenge) + "&nonce=n0nce");
        Assert.Equal(HttpStatusCode.Redirect, authorize.Status);
        Assert.StartsWith("/login?", authorize.Location, StringComparison.Ordinal);

        var login = await browser.FollowAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("<label for=\"signInFormUsername\" class=\"label-customizable\">Username</label>", login.Html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"signInFormPassword\" class=\"label-customizable\">Password</label>", login.Html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"current-password\"", login.Html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" class=\"submitButton-customizable\">Sign in</button>", login.Html, StringComparison.Ordinal);
        Assert.Contains(">Forgot your password?</a>", login.Html, StringComparison.Ordinal);
        Assert.Contains(">Sign up</a>", login.Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", login.Html, StringComparison.Ordinal);
        Assert.Equal("no-store", login.Response.Headers.CacheControl?.ToString());

        var signedIn = await browser.PostAsync(login.FormAction, [("username", "alice"), ("password", HostedPool.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.StartsWith(HostedPool.Callback + "?code=", signedIn.Location, StringComparison.Ordinal);
        Assert.Equal("st4te", signedIn.LocationParameter("state"));
        Assert.True(browser.Cookies.ContainsKey("cognito"));

        var tokens = await _pool.ExchangeAsync(signedIn.LocationParameter("code")!, verifier);
        var id = Scenario.Payload(tokens["id_token"]!.GetValue<string>());
        Assert.Equal("alice", id["cognito:username"]!.GetValue<string>());
        Assert.Equal("n0nce", id["nonce"]!.GetValue<string>());
        Assert.NotNull(tokens["refresh_token"]);
    }

    [Fact]
    public async Task Implicit_flow_returns_tokens_in_the_fragment()
    {
        var browser = new HostedBrowser(_gatehouse);
        var signedIn = await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "alice");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.StartsWith(HostedPool.Callback + "#", signedIn.Location, StringComparison.Ordinal);
        Assert.Equal("Bearer", signedIn.LocationParameter("token_type"));
        Assert.Equal("st4te", signedIn.LocationParameter("state"));
        Assert.Equal("alice", Scenario.Payload(signedIn.LocationParameter("access_token")!)["username"]!.GetValue<string>());
        Assert.NotNull(signedIn.LocationParameter("id_token"));
    }

    [Fact]
    public async Task A_second_authorize_with_the_session_cookie_goes_straight_to_the_callback()
    {
        var browser = new HostedBrowser(_gatehouse);
        await _pool.SignInAsync(browser, _pool.Query(challenge: HostedBrowser.Pkce().Challenge), "alice");

        var (verifier, challenge) = HostedBrowser.Pkce();
        var again = await browser.GetAsync("/oauth2/authorize?" + _pool.Query(challenge: challenge, state: "second"));
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.StartsWith(HostedPool.Callback + "?code=", again.Location, StringComparison.Ordinal);
        Assert.Equal("second", again.LocationParameter("state"));
        await _pool.ExchangeAsync(again.LocationParameter("code")!, verifier);
    }

    [Fact]
    public async Task Session_cookies_are_HttpOnly_Lax_for_an_hour_and_Secure_over_https()
    {
        var browser = new HostedBrowser(_gatehouse);
        var signedIn = await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "alice");
        var cookie = signedIn.Cookie("cognito")!.ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/", cookie, StringComparison.Ordinal);
        Assert.Contains("max-age=3600", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
        var csrf = new HostedBrowser(_gatehouse);
        var page = await csrf.GetAsync("/login?" + _pool.Query());
        Assert.Contains("httponly", page.Cookie("XSRF-TOKEN")!.ToLowerInvariant(), StringComparison.Ordinal);

        var overTls = new HostedBrowser(_gatehouse);
        var tlsLogin = await overTls.GetAsync("https://localhost/login?" + _pool.Query(responseType: "token"));
        Assert.Contains("secure", tlsLogin.Cookie("XSRF-TOKEN")!.ToLowerInvariant(), StringComparison.Ordinal);
        var tlsSignedIn = await overTls.PostAsync("https://localhost" + tlsLogin.FormAction, [("username", "alice"), ("password", HostedPool.Password)]);
        Assert.Contains("secure", tlsSignedIn.Cookie("cognito")!.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_message_and_nothing_else()
    {
        var browser = new HostedBrowser(_gatehouse);
        var failed = await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "alice", "Wr0ng-pa55word!");
        Assert.Equal(HttpStatusCode.BadRequest, failed.Status);
        Assert.Null(failed.Location);
        Assert.Equal("Incorrect username or password.", failed.Alert);
        Assert.Contains("aria-describedby=\"form-error\"", failed.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"alice\"", failed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng-pa55word!", failed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", failed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id_token", failed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", failed.Html, StringComparison.Ordinal);
        Assert.Null(failed.Cookie("cognito"));

        var unknown = await _pool.SignInAsync(browser, _pool.Query(), "nobody", "Wr0ng-pa55word!");
        Assert.Equal("User does not exist.", unknown.Alert);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_out_the_page_and_the_API_alike()
    {
        var admin = await _gatehouse.CreateAdminClientAsync(_pool.PoolId);
        var browser = new HostedBrowser(_gatehouse);
        for (var i = 0; i < 5; i++)
        {
            var failed = await _pool.SignInAsync(browser, _pool.Query(), "alice", "Wr0ng-pa55word!");
            Assert.Equal("Incorrect username or password.", failed.Alert);
        }

        var locked = await _pool.SignInAsync(browser, _pool.Query(), "alice");
        Assert.Equal(HttpStatusCode.BadRequest, locked.Status);
        Assert.Equal("Password attempts exceeded", locked.Alert);
        var api = await _gatehouse.SignInFailsAsync(_pool.PoolId, admin, "alice", HostedPool.Password, "NotAuthorizedException");
        Assert.Equal("Password attempts exceeded", api.AwsMessage);

        // The API's failures count on the page too.
        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(2));
        await _gatehouse.SignInFailsAsync(_pool.PoolId, admin, "alice", "Wr0ng-pa55word!", "NotAuthorizedException");
        Assert.Equal("Password attempts exceeded", (await _pool.SignInAsync(browser, _pool.Query(), "alice")).Alert);
        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Redirect, (await _pool.SignInAsync(browser, _pool.Query(), "alice")).Status);
    }

    [Fact]
    public async Task Logout_with_a_registered_logout_uri_ends_the_session()
    {
        var browser = new HostedBrowser(_gatehouse);
        await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "alice");

        var logout = await browser.GetAsync($"/logout?client_id={_pool.ClientId}&logout_uri={Uri.EscapeDataString(HostedPool.SignOut)}");
        Assert.Equal(HttpStatusCode.Redirect, logout.Status);
        Assert.Equal(HostedPool.SignOut, logout.Location);
        Assert.Contains("expires=Thu, 01 Jan 1970", logout.Cookie("cognito"), StringComparison.OrdinalIgnoreCase);

        var authorize = await browser.GetAsync("/oauth2/authorize?" + _pool.Query(responseType: "token"));
        Assert.StartsWith("/login?", authorize.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_session_cookie_no_longer_signs_in_after_logout()
    {
        var cookie = await SignedInCookieAsync();
        var browser = new HostedBrowser(_gatehouse);
        browser.Cookies["cognito"] = cookie!;
        Assert.StartsWith(HostedPool.Callback, (await browser.GetAsync("/oauth2/authorize?" + _pool.Query(responseType: "token"))).Location, StringComparison.Ordinal);

        await browser.GetAsync($"/logout?client_id={_pool.ClientId}&logout_uri={Uri.EscapeDataString(HostedPool.SignOut)}");
        var replay = new HostedBrowser(_gatehouse);
        replay.Cookies["cognito"] = cookie!;
        Assert.StartsWith("/login?", (await replay.GetAsync("/oauth2/authorize?" + _pool.Query(responseType: "token"))).Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_to_an_unregistered_uri_shows_the_error_page_and_keeps_the_session()
    {
        var browser = new HostedBrowser(_gatehouse);
        await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "alice");

        var logout = await browser.GetAsync($"/logout?client_id={_pool.ClientId}&logout_uri={Uri.EscapeDataString("https://evil.example.com/")}");
        Assert.Equal(HttpStatusCode.Redirect, logout.Status);
        Assert.Equal($"/error?error=redirect_mismatch&client_id={_pool.ClientId}", logout.Location);
        Assert.Null(logout.Cookie("cognito"));
        var error = await browser.FollowAsync(logout);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("redirect_mismatch", error.Html, StringComparison.Ordinal);
        Assert.Contains("not one registered", error.Html, StringComparison.Ordinal);

        Assert.Equal("/error?error=invalid_request&client_id=unknown", (await browser.GetAsync($"/logout?client_id=unknown&logout_uri={Uri.EscapeDataString(HostedPool.SignOut)}")).Location);
        Assert.Equal($"/error?error=invalid_request&client_id={_pool.ClientId}", (await browser.GetAsync($"/logout?client_id={_pool.ClientId}")).Location);
        var badRedirect = await browser.GetAsync($"/logout?client_id={_pool.ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString("https://evil.example.com/")}");
        Assert.Equal($"/error?error=redirect_mismatch&client_id={_pool.ClientId}", badRedirect.Location);
        Assert.StartsWith(HostedPool.Callback, (await browser.GetAsync("/oauth2/authorize?" + _pool.Query(responseType: "token"))).Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_with_redirect_uri_and_response_type_sends_to_login_with_those()
    {
        var browser = new HostedBrowser(_gatehouse);
        await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "alice");

        var logout = await browser.GetAsync("/logout?" + _pool.Query(state: "again"));
        Assert.Equal(HttpStatusCode.Redirect, logout.Status);
        Assert.StartsWith("/login?", logout.Location, StringComparison.Ordinal);
        Assert.Equal(_pool.ClientId, logout.LocationParameter("client_id"));
        Assert.Equal("code", logout.LocationParameter("response_type"));
        Assert.Equal(HostedPool.Callback, logout.LocationParameter("redirect_uri"));
        Assert.Equal("again", logout.LocationParameter("state"));
        Assert.Equal("openid email", logout.LocationParameter("scope"));
        Assert.Contains("expires=Thu, 01 Jan 1970", logout.Cookie("cognito"), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("/login?", (await browser.GetAsync("/oauth2/authorize?" + _pool.Query(responseType: "token"))).Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.FollowAsync(logout)).Status);
    }

    [Fact]
    public async Task The_pools_UICustomization_styles_its_pages()
    {
        const string Css = ".banner-customizable { background-color: #123456; }";
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _pool.PoolId, Domain = "branded" });
        await _gatehouse.CallAsync("SetUICustomization", new { UserPoolId = _pool.PoolId, CSS = Css, ImageFile = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1 } });

        var browser = new HostedBrowser(_gatehouse);
        foreach (var path in new[] { "/login", "/signup", "/forgotPassword", "/confirmUser" })
        {
            var page = await browser.GetAsync(path + "?" + _pool.Query());
            Assert.Contains($"<style>{Css}</style>", page.Html, StringComparison.Ordinal);
            Assert.Contains($"<img class=\"logo-customizable\" src=\"/_gatehouse/ui/{_pool.PoolId}/ALL/logo\" alt=\"\">", page.Html, StringComparison.Ordinal);
        }

        var failed = await _pool.SignInAsync(browser, _pool.Query(), "alice", "Wr0ng-pa55word!");
        Assert.Contains($"<style>{Css}</style>", failed.Html, StringComparison.Ordinal);
    }

    private async Task<string?> SignedInCookieAsync()
    {
        var browser = new HostedBrowser(_gatehouse);
        await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "alice");
        return browser.Cookies.GetValueOrDefault("cognito");
    }
}
