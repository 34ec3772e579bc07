using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gatehouse.Browser.Tests;

/// <summary>
/// The pool domain's hosted pages in a real browser (Debian's Chromium through Playwright) against the real server:
/// sign-up, confirmation with the code from the outbox, the authorization code grant with PKCE, the token endpoint,
/// userInfo, refresh and sign-out, then the implicit grant. The pages are found by their accessible names (labels and
/// roles), as a user with a screen reader finds them. Every page is kept as a screenshot in artifacts/screenshots/.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class HostedFlowTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Password = "Passw0rd!";

    [SkippableFact]
    public async Task Sign_up_confirm_then_code_flow_with_PKCE_userInfo_refresh_and_sign_out()
    {
        var pool = await HostedPool.CreateAsync(fixture, "code-flow");
        await using var run = await BrowserRun.OpenAsync(fixture, output, "code-flow");
        var (context, page, shots) = (run.Context, run.Page, run.Shots);

        // Sign up from the app's "Sign up" link, which carries an authorize request (code + PKCE) like Cognito's.
        var signUpPkce = Pkce.Create();
        var signUpState = NewValue();
        var signUpQuery = pool.AuthorizePath("code", signUpState, NewValue(), signUpPkce).Split('?', 2)[1];
        await page.GotoAsync("/signup?" + signUpQuery);
        await shots.TakeAsync(page, "signup");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("alice");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("alice@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await shots.TakeAsync(page, "signup-filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        // The code went to the outbox, as every message does.
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/confirmUser");
        Assert.Equal("alice", OAuth.Parameters(new Uri(page.Url).Query)["username"]);
        await shots.TakeAsync(page, "confirm-user");
        Assert.Equal("UNCONFIRMED", (await pool.GetUserAsync("alice"))["UserStatus"]!.GetValue<string>());
        await page.GetByLabel("Verification code").FillAsync(await pool.LatestCodeAsync("alice"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm account" }).ClickAsync();

        // Confirming signs the browser in and completes the sign-up's authorize request; a page that sends the user
        // to /login instead is allowed by the contract, and then signing in completes it.
        await page.WaitForURLAsync(u => u.StartsWith(pool.CallbackUrl, StringComparison.Ordinal) || new Uri(u).AbsolutePath == "/login");
        if (new Uri(page.Url).AbsolutePath == "/login")
        {
            await shots.TakeAsync(page, "login-after-confirm");
            await SignInAsync(page, "alice", Password);
        }

        await run.WaitForAppAsync(pool.CallbackUrl);
        await shots.TakeAsync(page, "callback-after-sign-up");
        var user = await pool.GetUserAsync("alice");
        Assert.Equal("CONFIRMED", user["UserStatus"]!.GetValue<string>());
        Assert.Contains(user["UserAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "email_verified" && a["Value"]!.GetValue<string>() == "true");
        var afterSignUp = OAuth.Parameters(new Uri(page.Url).Query);
        Assert.Equal(signUpState, afterSignUp["state"]);
        var signUpTokens = await ExchangeAsync(pool, afterSignUp["code"], signUpPkce);
        Assert.Equal("alice", (await OAuth.VerifyAsync(pool, signUpTokens["id_token"]!.GetValue<string>(), pool.ClientId))["cognito:username"]!.GetValue<string>());

        var cognito = Assert.Single(await context.CookiesAsync([fixture.Server.Endpoint]), c => c.Name == "cognito");
        Assert.True(cognito.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cognito.SameSite);
        Assert.Equal("/", cognito.Path);

        // The app's own sign-in: a new authorize request with a fresh PKCE pair. The browser is signed in already, so
        // Gatehouse answers at once with a code; if it asks, the login page is filled in.
        var pkce = Pkce.Create();
        var state = NewValue();
        var nonce = NewValue();
        await page.GotoAsync(pool.AuthorizePath("code", state, nonce, pkce));
        if (!page.Url.StartsWith(pool.CallbackUrl, StringComparison.Ordinal))
        {
            await shots.TakeAsync(page, "login");
            await SignInAsync(page, "alice", Password);
        }

        await run.WaitForAppAsync(pool.CallbackUrl);
        await shots.TakeAsync(page, "callback");
        var callback = OAuth.Parameters(new Uri(page.Url).Query);
        Assert.Equal(state, callback["state"]);
        Assert.True(string.IsNullOrEmpty(new Uri(page.Url).Fragment), "the code grant sends nothing in the fragment");

        // The app's back end: the code is exchanged once, with the verifier only the app knows. A wrong verifier fails
        // and spends the code, so the app asks for another one (the browser is still signed in) and exchanges it.
        var wrongVerifier = await OAuth.TokenAsync(
            fixture.Server, ("grant_type", "authorization_code"), ("client_id", pool.ClientId), ("code", callback["code"]),
            ("redirect_uri", pool.CallbackUrl), ("code_verifier", Pkce.Create().Verifier));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (wrongVerifier.Status, wrongVerifier.Body["error"]!.GetValue<string>()));
        var secondPkce = Pkce.Create();
        await page.GotoAsync(pool.AuthorizePath("code", state, nonce, secondPkce));
        await run.WaitForAppAsync(pool.CallbackUrl);
        var code = OAuth.Parameters(new Uri(page.Url).Query)["code"];
        var tokens = await ExchangeAsync(pool, code, secondPkce);
        var reused = await OAuth.TokenAsync(
            fixture.Server, ("grant_type", "authorization_code"), ("client_id", pool.ClientId), ("code", code),
            ("redirect_uri", pool.CallbackUrl), ("code_verifier", secondPkce.Verifier));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (reused.Status, reused.Body["error"]!.GetValue<string>()));

        var accessToken = tokens["access_token"]!.GetValue<string>();
        var id = await OAuth.VerifyAsync(pool, tokens["id_token"]!.GetValue<string>(), pool.ClientId);
        var access = await OAuth.VerifyAsync(pool, accessToken, audience: null);
        Assert.Equal(nonce, id["nonce"]!.GetValue<string>());
        Assert.Equal(OAuth.AtHash(accessToken), id["at_hash"]!.GetValue<string>());
        Assert.Equal("id", id["token_use"]!.GetValue<string>());
        Assert.Equal("alice", id["cognito:username"]!.GetValue<string>());
        Assert.Equal("alice@example.com", id["email"]!.GetValue<string>());
        Assert.True(id["email_verified"]!.GetValue<bool>());
        Assert.Equal("access", access["token_use"]!.GetValue<string>());
        Assert.Equal(pool.ClientId, access["client_id"]!.GetValue<string>());
        Assert.Equal("alice", access["username"]!.GetValue<string>());
        Assert.Equal(["email", "openid", "profile"], access["scope"]!.GetValue<string>().Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal(id["sub"]!.GetValue<string>(), access["sub"]!.GetValue<string>());

        // userInfo answers the claims the token's scopes allow. Built on another branch: until it is merged the
        // endpoint is 404, and only then this step is skipped (reported at the end, after every other step ran).
        var userInfo = await OAuth.UserInfoAsync(fixture.Server, accessToken);
        var userInfoMissing = userInfo.Status == HttpStatusCode.NotFound;
        if (!userInfoMissing)
        {
            Assert.True(userInfo.Status == HttpStatusCode.OK, $"userInfo answered {(int)userInfo.Status}: {userInfo.Body}");
            var claims = JsonNode.Parse(userInfo.Body)!.AsObject();
            Assert.Equal(id["sub"]!.GetValue<string>(), claims["sub"]!.GetValue<string>());
            Assert.Equal("alice@example.com", claims["email"]!.GetValue<string>());
            Assert.Equal("alice", claims["username"]!.GetValue<string>());
            Assert.Equal("true", claims["email_verified"]!.ToString()); // Cognito writes it as the string "true"
        }

        // Refresh: new access and ID tokens for the same user, and no new refresh token (Cognito does not rotate it).
        var refreshed = await OAuth.TokenAsync(
            fixture.Server, ("grant_type", "refresh_token"), ("client_id", pool.ClientId), ("refresh_token", tokens["refresh_token"]!.GetValue<string>()));
        Assert.True(refreshed.Status == HttpStatusCode.OK, $"refresh answered {(int)refreshed.Status}: {refreshed.Body}");
        Assert.Null(refreshed.Body["refresh_token"]);
        Assert.Equal("Bearer", refreshed.Body["token_type"]!.GetValue<string>());
        var refreshedAccess = await OAuth.VerifyAsync(pool, refreshed.Body["access_token"]!.GetValue<string>(), audience: null);
        var refreshedId = await OAuth.VerifyAsync(pool, refreshed.Body["id_token"]!.GetValue<string>(), pool.ClientId);
        Assert.NotEqual(accessToken, refreshed.Body["access_token"]!.GetValue<string>());
        Assert.Equal(access["sub"]!.GetValue<string>(), refreshedAccess["sub"]!.GetValue<string>());
        Assert.Equal(id["sub"]!.GetValue<string>(), refreshedId["sub"]!.GetValue<string>());

        // Sign out: back to the registered sign-out URL, and the login session cookie is gone.
        await page.GotoAsync("/logout?" + HostedPool.Query(("client_id", pool.ClientId), ("logout_uri", pool.LogoutUrl)));
        await run.WaitForAppAsync(pool.LogoutUrl);
        await shots.TakeAsync(page, "signed-out");
        Assert.DoesNotContain(await context.CookiesAsync([fixture.Server.Endpoint]), c => c.Name == "cognito");

        // The session is over: the next authorize request shows the login page, and signing in there completes it.
        var afterPkce = Pkce.Create();
        var afterState = NewValue();
        await page.GotoAsync(pool.AuthorizePath("code", afterState, null, afterPkce));
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "login-after-sign-out");
        await SignInAsync(page, "alice", Password);
        await run.WaitForAppAsync(pool.CallbackUrl);
        var again = OAuth.Parameters(new Uri(page.Url).Query);
        Assert.Equal(afterState, again["state"]);
        await ExchangeAsync(pool, again["code"], afterPkce);
        run.Passed();

        Skip.If(userInfoMissing, "GET /oauth2/userInfo answered 404: the endpoint is not on this branch yet; every other step passed.");
    }

    [Fact]
    public async Task Implicit_flow_returns_tokens_in_the_fragment_with_the_state_and_the_nonce()
    {
        var pool = await HostedPool.CreateAsync(fixture, "implicit");
        await pool.CreateUserAsync("bob", "bob@example.com", Password);
        await using var run = await BrowserRun.OpenAsync(fixture, output, "implicit-flow");
        var (page, shots) = (run.Page, run.Shots);

        var state = NewValue();
        var nonce = NewValue();
        await page.GotoAsync(pool.AuthorizePath("token", state, nonce));
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await shots.TakeAsync(page, "login");
        await SignInAsync(page, "bob", Password);
        await run.WaitForAppAsync(pool.CallbackUrl);
        await shots.TakeAsync(page, "callback");

        var url = new Uri(page.Url);
        Assert.Equal(string.Empty, url.Query); // nothing in the query, where servers and logs would see it
        var fragment = OAuth.Parameters(url.Fragment);
        Assert.Equal(["access_token", "expires_in", "id_token", "state", "token_type"], fragment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(state, fragment["state"]);
        Assert.Equal("Bearer", fragment["token_type"]);
        Assert.Equal("3600", fragment["expires_in"]);

        var id = await OAuth.VerifyAsync(pool, fragment["id_token"], pool.ClientId);
        var access = await OAuth.VerifyAsync(pool, fragment["access_token"], audience: null);
        Assert.Equal(nonce, id["nonce"]!.GetValue<string>());
        Assert.Equal(OAuth.AtHash(fragment["access_token"]), id["at_hash"]!.GetValue<string>());
        Assert.Equal("bob", id["cognito:username"]!.GetValue<string>());
        Assert.Equal("bob@example.com", id["email"]!.GetValue<string>());
        Assert.Equal(pool.ClientId, access["client_id"]!.GetValue<string>());
        Assert.Equal(id["sub"]!.GetValue<string>(), access["sub"]!.GetValue<string>());

        // Signed in now: the next implicit request needs no login page, and carries its own state and nonce.
        var secondState = NewValue();
        var secondNonce = NewValue();
        await page.GotoAsync(pool.AuthorizePath("token", secondState, secondNonce));
        await run.WaitForAppAsync(pool.CallbackUrl);
        var second = OAuth.Parameters(new Uri(page.Url).Fragment);
        Assert.Equal(secondState, second["state"]);
        Assert.Equal(secondNonce, (await OAuth.VerifyAsync(pool, second["id_token"], pool.ClientId))["nonce"]!.GetValue<string>());
        run.Passed();
    }

    [Fact]
    public async Task Forgot_password_resets_it_with_the_code_from_the_outbox()
    {
        var pool = await HostedPool.CreateAsync(fixture, "forgot");
        await pool.CreateUserAsync("carol", "carol@example.com", Password);
        await using var run = await BrowserRun.OpenAsync(fixture, output, "forgot-password");
        var (page, shots) = (run.Page, run.Shots);

        var state = NewValue();
        var pkce = Pkce.Create();
        await page.GotoAsync(pool.AuthorizePath("code", state, null, pkce));
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/forgotPassword");
        await shots.TakeAsync(page, "forgot-password");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("carol");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset my password" }).ClickAsync();

        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/confirmForgotPassword");
        await shots.TakeAsync(page, "confirm-forgot-password");
        await page.GetByLabel("Verification code").FillAsync(await pool.LatestCodeAsync("carol"));
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("N3w-Passw0rd!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        // Back to the login page with the app's request, where only the new password works.
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/login");
        await shots.TakeAsync(page, "login");
        await SignInAsync(page, "carol", Password);
        // The error is announced to screen readers (an alert), in Cognito's words.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Incorrect username or password");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await shots.TakeAsync(page, "login-old-password");
        await SignInAsync(page, "carol", "N3w-Passw0rd!");
        await run.WaitForAppAsync(pool.CallbackUrl);
        var callback = OAuth.Parameters(new Uri(page.Url).Query);
        Assert.Equal(state, callback["state"]);
        await ExchangeAsync(pool, callback["code"], pkce);
        run.Passed();
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_shows_the_error_page_and_never_leaves_Gatehouse()
    {
        var pool = await HostedPool.CreateAsync(fixture, "error");
        await using var run = await BrowserRun.OpenAsync(fixture, output, "error-page");
        var (page, shots) = (run.Page, run.Shots);

        var response = await page.GotoAsync("/oauth2/authorize?" + HostedPool.Query(
            ("response_type", "code"), ("client_id", pool.ClientId), ("redirect_uri", "https://evil.example/callback"), ("state", "s")));
        Assert.Equal(400, response!.Status);
        Assert.Equal("/error", new Uri(page.Url).AbsolutePath);
        Assert.StartsWith(fixture.Server.Endpoint, page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("redirect_mismatch")).ToBeVisibleAsync();
        await shots.TakeAsync(page, "redirect-mismatch");
        run.Passed();
    }

    /// <summary>Fills in the hosted login page by its labels and presses "Sign in".</summary>
    internal static async Task SignInAsync(IPage page, string username, string password)
    {
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Exchanges a code as the public client with its PKCE verifier; the tokens, checked for shape.</summary>
    private async Task<JsonObject> ExchangeAsync(HostedPool pool, string code, Pkce pkce)
    {
        var (status, body) = await OAuth.TokenAsync(
            fixture.Server, ("grant_type", "authorization_code"), ("client_id", pool.ClientId), ("code", code),
            ("redirect_uri", pool.CallbackUrl), ("code_verifier", pkce.Verifier));
        Assert.True(status == HttpStatusCode.OK, $"/oauth2/token answered {(int)status}: {body}");
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(3600, body["expires_in"]!.GetValue<int>());
        Assert.NotEmpty(body["refresh_token"]!.GetValue<string>());
        return body;
    }

    private static string NewValue() => Guid.NewGuid().ToString("N");
}
