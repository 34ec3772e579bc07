using System.Net;

namespace Gatehouse.Server.Tests;

/// <summary>
/// The hosted account pages: sign-up and confirmation with the outbox's code, resend, forgot password, and the
/// FORCE_CHANGE_PASSWORD step after AdminCreateUser; all with the API's rules and messages in human words.
/// </summary>
public sealed class HostedUiAccountTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private HostedPool _pool = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _pool = await HostedPool.CreateAsync(_gatehouse, secret: true);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Sign_up_then_confirm_with_the_outbox_code_signs_in()
    {
        var browser = new HostedBrowser(_gatehouse);
        var (verifier, challenge) = HostedBrowser.Pkce();
        var login = await browser.GetAsync("/login?" + _pool.Query(challenge: challenge));
        var signup = await browser.GetAsync(login.Link("Sign up"));
        Assert.Equal(HttpStatusCode.OK, signup.Status);
        Assert.Contains("<label for=\"signUpFormUsername\" class=\"label-customizable\">Username</label>", signup.Html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"signUpFormEmail\" class=\"label-customizable\">Email</label>", signup.Html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"new-password\"", signup.Html, StringComparison.Ordinal);

        var weak = await browser.PostAsync(signup.FormAction, [("username", "bob"), ("email", "bob@example.com"), ("password", "short")]);
        Assert.Equal(HttpStatusCode.BadRequest, weak.Status);
        Assert.StartsWith("Password did not conform with policy", weak.Alert, StringComparison.Ordinal);
        Assert.Contains("value=\"bob@example.com\"", weak.Html, StringComparison.Ordinal);
        Assert.Matches("id=\"signUpFormPassword\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"form-error\"[^>]*autofocus", weak.Html);
        Assert.Empty(await _gatehouse.OutboxAsync(_pool.PoolId));

        var created = await browser.PostAsync(signup.FormAction, [("username", "bob"), ("email", "bob@example.com"), ("password", HostedPool.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        Assert.StartsWith("/confirmUser?", created.Location, StringComparison.Ordinal);
        Assert.Equal("bob", created.LocationParameter("username"));
        Assert.Equal("UNCONFIRMED", (await _gatehouse.GetUserAsync(_pool.PoolId, "bob"))["UserStatus"]!.GetValue<string>());

        var confirm = await browser.FollowAsync(created);
        Assert.Contains("<label for=\"verification_code\" class=\"label-customizable\">Verification code</label>", confirm.Html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"one-time-code\"", confirm.Html, StringComparison.Ordinal);
        Assert.Contains(">Confirm account</button>", confirm.Html, StringComparison.Ordinal);

        var wrong = await browser.PostAsync(confirm.FormAction, [("username", "bob"), ("code", "000000")]);
        Assert.Equal("Invalid verification code provided, please try again.", wrong.Alert);

        var confirmed = await browser.PostAsync(confirm.FormAction, [("username", "bob"), ("code", await _pool.LatestCodeAsync("bob"))]);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.Status);
        Assert.StartsWith(HostedPool.Callback + "?code=", confirmed.Location, StringComparison.Ordinal);
        Assert.True(browser.Cookies.ContainsKey("cognito"));
        var tokens = await _pool.ExchangeAsync(confirmed.LocationParameter("code")!, verifier);
        Assert.Equal("bob@example.com", Scenario.Payload(tokens["id_token"]!.GetValue<string>())["email"]!.GetValue<string>());

        var again = await browser.PostAsync(signup.FormAction, [("username", "bob"), ("email", "bob2@example.com"), ("password", HostedPool.Password)]);
        Assert.Equal("An account with the given username already exists.", again.Alert);
    }

    [Fact]
    public async Task Confirming_from_another_browser_goes_to_login_instead()
    {
        var browser = new HostedBrowser(_gatehouse);
        var signup = await browser.GetAsync("/signup?" + _pool.Query());
        var created = await browser.PostAsync(signup.FormAction, [("username", "carol"), ("email", "carol@example.com"), ("password", HostedPool.Password)]);

        var other = new HostedBrowser(_gatehouse);
        var confirm = await other.GetAsync(created.Location!);
        var confirmed = await other.PostAsync(confirm.FormAction, [("username", "carol"), ("code", await _pool.LatestCodeAsync("carol"))]);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.Status);
        Assert.StartsWith("/login?", confirmed.Location, StringComparison.Ordinal);
        Assert.False(other.Cookies.ContainsKey("cognito"));
        Assert.Equal("CONFIRMED", (await _gatehouse.GetUserAsync(_pool.PoolId, "carol"))["UserStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resend_code_sends_a_new_code_and_needs_the_csrf_token()
    {
        var browser = new HostedBrowser(_gatehouse);
        var signup = await browser.GetAsync("/signup?" + _pool.Query());
        var confirm = await browser.FollowAsync(await browser.PostAsync(signup.FormAction, [("username", "dave"), ("email", "dave@example.com"), ("password", HostedPool.Password)]));
        var first = await _pool.LatestCodeAsync("dave");

        var resend = confirm.Link("Resend code");
        Assert.StartsWith("/resendCode?", resend, StringComparison.Ordinal);
        var resent = await browser.GetAsync(resend);
        Assert.Equal(HttpStatusCode.OK, resent.Status);
        Assert.Contains("A new code has been sent.", resent.Html, StringComparison.Ordinal);
        Assert.Equal(2, (await _gatehouse.OutboxAsync(_pool.PoolId, "dave")).Count);
        Assert.NotNull(first);

        var forged = await new HostedBrowser(_gatehouse).GetAsync(resend);
        Assert.Equal(HttpStatusCode.Forbidden, forged.Status);
        Assert.Equal(2, (await _gatehouse.OutboxAsync(_pool.PoolId, "dave")).Count);

        var confirmed = await browser.PostAsync(resent.FormAction, [("username", "dave"), ("code", await _pool.LatestCodeAsync("dave"))]);
        Assert.StartsWith(HostedPool.Callback, confirmed.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unconfirmed_user_signing_in_is_sent_to_confirm_and_then_signed_in()
    {
        await _gatehouse.CallAsync("SignUp", new
        {
            ClientId = _pool.ClientId,
            Username = "erin",
            Password = HostedPool.Password,
            SecretHash = Core.Auth.SecretHash.Compute(_pool.Secret!, "erin", _pool.ClientId),
            UserAttributes = new[] { new { Name = "email", Value = "erin@example.com" } },
        });
        var browser = new HostedBrowser(_gatehouse);
        var login = await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "erin");
        Assert.Equal(HttpStatusCode.Redirect, login.Status);
        Assert.StartsWith("/confirmUser?", login.Location, StringComparison.Ordinal);
        Assert.Equal("erin", login.LocationParameter("username"));

        var confirm = await browser.FollowAsync(login);
        var confirmed = await browser.PostAsync(confirm.FormAction, [("username", "erin"), ("code", await _pool.LatestCodeAsync("erin"))]);
        Assert.StartsWith(HostedPool.Callback + "#access_token=", confirmed.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forgot_password_then_the_code_and_a_new_password_let_the_user_sign_in()
    {
        await _pool.CreateUserAsync("frank");
        var browser = new HostedBrowser(_gatehouse);
        var login = await browser.GetAsync("/login?" + _pool.Query(responseType: "token"));
        var forgot = await browser.GetAsync(login.Link("Forgot your password?"));
        Assert.Contains(">Reset my password</button>", forgot.Html, StringComparison.Ordinal);
        Assert.Contains(">Username</label>", forgot.Html, StringComparison.Ordinal);

        var sent = await browser.PostAsync(forgot.FormAction, [("username", "frank")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        Assert.StartsWith("/confirmForgotPassword?", sent.Location, StringComparison.Ordinal);
        var reset = await browser.FollowAsync(sent);
        Assert.Contains(">Verification code</label>", reset.Html, StringComparison.Ordinal);
        Assert.Contains(">New password</label>", reset.Html, StringComparison.Ordinal);
        Assert.Contains(">Change password</button>", reset.Html, StringComparison.Ordinal);

        var code = await _pool.LatestCodeAsync("frank");
        var weak = await browser.PostAsync(reset.FormAction, [("username", "frank"), ("code", code), ("password", "weak")]);
        Assert.StartsWith("Password did not conform with policy", weak.Alert, StringComparison.Ordinal);
        var wrongCode = await browser.PostAsync(reset.FormAction, [("username", "frank"), ("code", "000000"), ("password", "N3w-Passw0rd!")]);
        Assert.Equal("Invalid verification code provided, please try again.", wrongCode.Alert);

        var done = await browser.PostAsync(reset.FormAction, [("username", "frank"), ("code", code), ("password", "N3w-Passw0rd!")]);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        Assert.StartsWith("/login?", done.Location, StringComparison.Ordinal);
        Assert.Equal("Incorrect username or password.", (await _pool.SignInAsync(browser, _pool.Query(), "frank")).Alert);
        Assert.StartsWith(HostedPool.Callback, (await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "frank", "N3w-Passw0rd!")).Location, StringComparison.Ordinal);

        var unknown = await browser.PostAsync(forgot.FormAction, [("username", "nobody")]);
        Assert.Equal("User does not exist.", unknown.Alert);
    }

    [Fact]
    public async Task Too_many_code_requests_are_refused_as_the_API_does()
    {
        await _pool.CreateUserAsync("ivan");
        var browser = new HostedBrowser(_gatehouse);
        var forgot = await browser.GetAsync("/forgotPassword?" + _pool.Query());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(forgot.FormAction, [("username", "ivan")])).Status);
        }

        var refused = await browser.PostAsync(forgot.FormAction, [("username", "ivan")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Attempt limit exceeded, please try after some time.", refused.Alert);
        await _gatehouse.FailAsync("ForgotPassword", new
        {
            ClientId = _pool.ClientId,
            Username = "ivan",
            SecretHash = Core.Auth.SecretHash.Compute(_pool.Secret!, "ivan", _pool.ClientId),
        }, "LimitExceededException");
    }

    [Fact]
    public async Task A_temporary_password_leads_to_change_password_then_sign_in()
    {
        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = _pool.PoolId,
            Username = "grace",
            TemporaryPassword = "Temp0rary!",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = "grace@example.com" } },
        });
        var browser = new HostedBrowser(_gatehouse);
        var step = await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "grace", "Temp0rary!");
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Contains("<h1>Change password</h1>", step.Html, StringComparison.Ordinal);
        Assert.Contains(">New password</label>", step.Html, StringComparison.Ordinal);
        Assert.Contains(">Send</button>", step.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Temp0rary!", step.Html, StringComparison.Ordinal);
        Assert.Null(step.Cookie("cognito"));
        var session = step.Hidden("session");
        Assert.NotNull(session);

        var weak = await browser.PostAsync(step.FormAction, [("session", session!), ("username", "grace"), ("newPassword", "weak")]);
        Assert.StartsWith("Password did not conform with policy", weak.Alert, StringComparison.Ordinal);
        Assert.Equal(session, weak.Hidden("session"));

        var done = await browser.PostAsync(weak.FormAction, [("session", session!), ("username", "grace"), ("newPassword", "N3w-Passw0rd!")]);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        Assert.StartsWith(HostedPool.Callback + "#access_token=", done.Location, StringComparison.Ordinal);
        Assert.True(browser.Cookies.ContainsKey("cognito"));
        Assert.Equal("CONFIRMED", (await _gatehouse.GetUserAsync(_pool.PoolId, "grace"))["UserStatus"]!.GetValue<string>());

        var replay = await browser.PostAsync(step.FormAction, [("session", session!), ("username", "grace"), ("newPassword", "Other-Passw0rd!")]);
        Assert.Equal("Your session has expired. Please sign in again.", replay.Alert);
        Assert.Contains(">Sign in</button>", replay.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_as_username_pools_label_the_username_Email()
    {
        var pool = await HostedPool.CreateAsync(_gatehouse, new { PoolName = "emails", UsernameAttributes = new[] { "email" }, AutoVerifiedAttributes = new[] { "email" } });
        var browser = new HostedBrowser(_gatehouse);
        var signup = await browser.GetAsync("/signup?" + pool.Query());
        Assert.Contains("<label for=\"signUpFormUsername\" class=\"label-customizable\">Email</label>", signup.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("signUpFormEmail", signup.Html, StringComparison.Ordinal);

        var created = await browser.PostAsync(signup.FormAction, [("username", "heidi@example.com"), ("password", HostedPool.Password)]);
        var confirm = await browser.FollowAsync(created);
        var confirmed = await browser.PostAsync(confirm.FormAction, [("username", "heidi@example.com"), ("code", await pool.LatestCodeAsync("heidi@example.com"))]);
        Assert.StartsWith(HostedPool.Callback, confirmed.Location, StringComparison.Ordinal);
    }
}
