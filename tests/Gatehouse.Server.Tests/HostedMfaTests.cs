using System.Net;
using System.Text.RegularExpressions;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>
/// MFA on the hosted pages: a user with a second factor cannot sign in through <c>/login</c> without it (after a
/// password or a new password), codes by SMS and email, the choice of factor, TOTP set-up with its QR code and TOTP
/// codes, wrong codes and spent or expired sessions.
/// </summary>
public sealed partial class HostedMfaTests : IAsyncLifetime
{
    private const string SnsRole = "arn:aws:iam::123456789012:role/service-role/sms";
    private const string Expired = "Your session has expired. Please sign in again.";
    private const string Mismatch = "Invalid verification code provided, please try again.";

    private TestGatehouse _gatehouse = null!;
    private HostedPool _pool = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _pool = await HostedPool.CreateAsync(_gatehouse);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_user_with_SMS_MFA_gets_no_code_without_the_SMS_code()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("alice", "+15555550100");
        var browser = new HostedBrowser(_gatehouse);
        var (verifier, challenge) = HostedBrowser.Pkce();

        var step = await _pool.SignInAsync(browser, _pool.Query(challenge: challenge), "alice");
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Null(step.Location);
        Assert.False(browser.Cookies.ContainsKey("cognito"));
        Assert.Contains("We sent a code to +*******0100.", WebUtility.HtmlDecode(step.Html), StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"one-time-code\"", step.Html, StringComparison.Ordinal);
        Assert.Equal("SMS_MFA", step.Hidden("challenge"));

        var code = await _pool.LatestCodeAsync("alice");
        var wrong = await PostCodeAsync(browser, step, Wrong(code));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal(Mismatch, wrong.Alert);
        Assert.Contains("We sent a code to +*******0100.", WebUtility.HtmlDecode(wrong.Html), StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("cognito"));

        var signedIn = await PostCodeAsync(browser, wrong, code);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.StartsWith(HostedPool.Callback + "?code=", signedIn.Location, StringComparison.Ordinal);
        Assert.True(browser.Cookies.ContainsKey("cognito"));
        var tokens = await _pool.ExchangeAsync(signedIn.LocationParameter("code")!, verifier);
        Assert.Equal("alice", Scenario.Payload(tokens["id_token"]!.GetValue<string>())["cognito:username"]!.GetValue<string>());

        // The session was spent by the sign-in: replaying the step's form signs nobody in.
        var replay = await PostCodeAsync(new HostedBrowser(_gatehouse), step, code);
        Assert.NotEqual(HttpStatusCode.Redirect, replay.Status);
        Assert.Equal(Expired, (await PostCodeAsync(browser, step, code)).Alert);
    }

    [Fact]
    public async Task The_code_page_sends_the_CustomMessage_function_s_text_and_shows_its_failure()
    {
        await using var functions = await FunctionServer.StartAsync(_gatehouse);
        var fail = false;
        var custom = await functions.AddAsync("custom", e =>
        {
            e["response"]!["smsMessage"] = $"Hosted code {e["request"]!["codeParameter"]}";
            return Task.FromResult(fail ? FunctionReply.Raise("no texts today") : FunctionReply.Json(e));
        });
        _pool = await HostedPool.CreateAsync(_gatehouse, new { PoolName = "hosted-custom", AutoVerifiedAttributes = new[] { "email" }, LambdaConfig = new { CustomMessage = custom } });
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("cleo", "+15555550111");

        var browser = new HostedBrowser(_gatehouse);
        var step = await _pool.SignInAsync(browser, _pool.Query(), "cleo");
        Assert.Equal("SMS_MFA", step.Hidden("challenge"));
        var code = await _pool.LatestCodeAsync("cleo");
        var outbox = await _gatehouse.Http.GetStringAsync($"/_gatehouse/outbox?userPoolId={_pool.PoolId}&username=cleo");
        Assert.Contains($"Hosted code {code}", outbox, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostCodeAsync(browser, step, code)).Status);

        fail = true;
        var failed = await _pool.SignInAsync(new HostedBrowser(_gatehouse), _pool.Query(), "cleo");
        Assert.Equal(HttpStatusCode.BadRequest, failed.Status);
        Assert.NotNull(failed.Alert);
        Assert.Null(failed.Hidden("challenge"));
    }

    [Fact]
    public async Task The_implicit_flow_gives_no_tokens_before_the_second_factor_either()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("amy", "+15555550109");
        var browser = new HostedBrowser(_gatehouse);
        var step = await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "amy");
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.DoesNotContain("access_token", step.Html, StringComparison.Ordinal);

        var signedIn = await PostCodeAsync(browser, step, await _pool.LatestCodeAsync("amy"));
        Assert.Equal("amy", Scenario.Payload(signedIn.LocationParameter("access_token")!)["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Three_wrong_codes_spend_the_session_and_the_page_goes_back_to_sign_in()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("bob", "+15555550101");
        var browser = new HostedBrowser(_gatehouse);
        var step = await _pool.SignInAsync(browser, _pool.Query(), "bob");
        var code = await _pool.LatestCodeAsync("bob");
        for (var i = 0; i < 2; i++)
        {
            step = await PostCodeAsync(browser, step, Wrong(code));
            Assert.Equal(Mismatch, step.Alert);
        }

        var spent = await PostCodeAsync(browser, step, Wrong(code));
        Assert.Equal(HttpStatusCode.BadRequest, spent.Status);
        Assert.Equal(Expired, spent.Alert);
        Assert.Contains("id=\"signInFormUsername\"", spent.Html, StringComparison.Ordinal);

        var late = await PostCodeAsync(browser, step, code);
        Assert.Equal(Expired, late.Alert);
        Assert.False(browser.Cookies.ContainsKey("cognito"));

        // Each wrong code counted toward the lockout the API shares: two more make five.
        var again = await _pool.SignInAsync(browser, _pool.Query(), "bob");
        var second = await _pool.LatestCodeAsync("bob");
        again = await PostCodeAsync(browser, again, Wrong(second));
        again = await PostCodeAsync(browser, again, Wrong(second));
        var locked = await _pool.SignInAsync(browser, _pool.Query(), "bob");
        Assert.Equal("Password attempts exceeded", locked.Alert);
    }

    [Fact]
    public async Task An_expired_MFA_session_goes_back_to_sign_in()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("carol", "+15555550102");
        var browser = new HostedBrowser(_gatehouse);
        var step = await _pool.SignInAsync(browser, _pool.Query(), "carol");
        var code = await _pool.LatestCodeAsync("carol");
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));

        var expired = await PostCodeAsync(browser, step, code);
        Assert.Equal(HttpStatusCode.BadRequest, expired.Status);
        Assert.Equal(Expired, expired.Alert);
        Assert.False(browser.Cookies.ContainsKey("cognito"));

        var empty = await PostCodeAsync(browser, step, "");
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Equal("Enter the code.", empty.Alert);
    }

    [Fact]
    public async Task Two_factors_without_a_preference_are_chosen_on_a_page_then_the_email_code_signs_in()
    {
        await SetMfaAsync("OPTIONAL", sms: true, email: true);
        await CreateUserAsync("fay", "+15555550105");
        await EditUserAsync("fay", u => u.Mfa = new UserMfa { SmsEnabled = true, EmailEnabled = true });
        var browser = new HostedBrowser(_gatehouse);
        var select = await _pool.SignInAsync(browser, _pool.Query(), "fay");
        Assert.Equal(HttpStatusCode.OK, select.Status);
        Assert.Contains("Choose how to receive your sign-in code.", select.Html, StringComparison.Ordinal);
        Assert.Contains(">Text message (SMS)</button>", select.Html, StringComparison.Ordinal);
        Assert.Contains(">Email</button>", select.Html, StringComparison.Ordinal);

        var email = await browser.PostAsync(select.FormAction,
            [("mfaSession", select.Hidden("mfaSession")!), ("challenge", "SELECT_MFA_TYPE"), ("mfaType", "EMAIL_OTP")]);
        Assert.Equal(HttpStatusCode.OK, email.Status);
        Assert.Equal("EMAIL_OTP", email.Hidden("challenge"));
        Assert.Contains("We sent a code to f***@e***.", WebUtility.HtmlDecode(email.Html), StringComparison.Ordinal);

        var signedIn = await PostCodeAsync(browser, email, await _pool.LatestCodeAsync("fay"));
        Assert.StartsWith(HostedPool.Callback + "?code=", signedIn.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optional_MFA_signs_in_a_user_without_a_factor_directly()
    {
        await SetMfaAsync("OPTIONAL", sms: true);
        await CreateUserAsync("erin", "+15555550104");
        var signedIn = await _pool.SignInAsync(new HostedBrowser(_gatehouse), _pool.Query(), "erin");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
    }

    [Fact]
    public async Task A_new_password_is_followed_by_the_MFA_code()
    {
        await SetMfaAsync("ON", sms: true);
        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = _pool.PoolId,
            Username = "hal",
            TemporaryPassword = "Temp-passw0rd!",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "phone_number", Value = "+15555550106" } },
        });
        var browser = new HostedBrowser(_gatehouse);
        var change = await _pool.SignInAsync(browser, _pool.Query(), "hal", "Temp-passw0rd!");
        Assert.Contains("Change password", change.Html, StringComparison.Ordinal);
        var step = await browser.PostAsync(change.FormAction,
            [("session", change.Hidden("session")!), ("username", "hal"), ("newPassword", HostedPool.Password)]);
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal("SMS_MFA", step.Hidden("challenge"));
        Assert.False(browser.Cookies.ContainsKey("cognito"));

        var signedIn = await PostCodeAsync(browser, step, await _pool.LatestCodeAsync("hal"));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
    }

    [Fact]
    public async Task Confirming_a_sign_up_from_the_browser_asks_for_the_second_factor_before_signing_in()
    {
        await SetMfaAsync("ON", email: true);
        var browser = new HostedBrowser(_gatehouse);
        var signup = await browser.GetAsync("/signup?" + _pool.Query());
        var confirm = await browser.FollowAsync(await browser.PostAsync(signup.FormAction, [("username", "kim"), ("email", "kim@example.com"), ("password", HostedPool.Password)]));
        var step = await browser.PostAsync(confirm.FormAction, [("username", "kim"), ("code", await _pool.LatestCodeAsync("kim"))]);
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal("EMAIL_OTP", step.Hidden("challenge"));
        Assert.False(browser.Cookies.ContainsKey("cognito"));

        var signedIn = await PostCodeAsync(browser, step, await _pool.LatestCodeAsync("kim"));
        Assert.StartsWith(HostedPool.Callback + "?code=", signedIn.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAuthentication_runs_once_the_second_factor_is_passed()
    {
        await using var functions = await FunctionServer.StartAsync(_gatehouse);
        await functions.RegisterAsync("postAuth");
        functions.On("postAuth", _ => { });
        var pool = await HostedPool.CreateAsync(_gatehouse, new
        {
            PoolName = "hosted-triggers",
            AutoVerifiedAttributes = new[] { "email" },
            LambdaConfig = new { PostAuthentication = FunctionServer.Arn("postAuth") },
        });
        await _gatehouse.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = pool.PoolId,
            MfaConfiguration = "ON",
            SmsMfaConfiguration = new { SmsConfiguration = new { SnsCallerArn = SnsRole } },
        });
        await _gatehouse.CreateUserAsync(pool.PoolId, "lou", ("phone_number", "+15555550110"));
        var browser = new HostedBrowser(_gatehouse);
        var step = await pool.SignInAsync(browser, pool.Query(), "lou");
        Assert.Equal("SMS_MFA", step.Hidden("challenge"));
        Assert.Empty(functions.Events("postAuth"));

        var signedIn = await PostCodeAsync(browser, step, await pool.LatestCodeAsync("lou"));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal("lou", Assert.Single(functions.Events("postAuth"))["userName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Required_TOTP_is_set_up_with_a_QR_code_and_then_asked_at_every_sign_in()
    {
        await SetMfaAsync("ON", totp: true);
        await CreateUserAsync("gus", phone: null);
        var browser = new HostedBrowser(_gatehouse);
        var setup = await _pool.SignInAsync(browser, _pool.Query(), "gus");
        Assert.Equal(HttpStatusCode.OK, setup.Status);
        Assert.Contains("<h1>Set up multi-factor authentication</h1>", setup.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", setup.Html, StringComparison.Ordinal);
        var secret = Secret(setup);
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Equal("otpauth://totp/hosted:gus?secret=" + secret + "&issuer=hosted", MfaStepUri("gus", secret));

        var key = Totp.Base32Decode(secret)!;
        var code = Totp.Code(key, _gatehouse.Clock.GetUtcNow());
        var wrong = await PostCodeAsync(browser, setup, Wrong(code));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal(Mismatch, wrong.Alert);
        Assert.Equal(secret, Secret(wrong));

        var signedIn = await PostCodeAsync(browser, wrong, code);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.StartsWith(HostedPool.Callback + "?code=", signedIn.Location, StringComparison.Ordinal);
        var user = await _gatehouse.CallAsync("AdminGetUser", new { UserPoolId = _pool.PoolId, Username = "gus" });
        Assert.Equal("SOFTWARE_TOKEN_MFA", user["PreferredMfaSetting"]!.GetValue<string>());
        Assert.Equal("SOFTWARE_TOKEN_MFA", user["UserMFASettingList"]![0]!.GetValue<string>());

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        var other = new HostedBrowser(_gatehouse);
        var step = await _pool.SignInAsync(other, _pool.Query(), "gus");
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Contains("Enter the code from your authenticator app.", step.Html, StringComparison.Ordinal);
        Assert.Equal("SOFTWARE_TOKEN_MFA", step.Hidden("challenge"));
        var now = Totp.Code(key, _gatehouse.Clock.GetUtcNow());
        Assert.Equal(Mismatch, (await PostCodeAsync(other, step, Wrong(now))).Alert);
        var again = await PostCodeAsync(other, step, now);
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
    }

    [Fact]
    public async Task Three_wrong_set_up_codes_spend_the_set_up_session()
    {
        await SetMfaAsync("ON", totp: true);
        await CreateUserAsync("ian", phone: null);
        var browser = new HostedBrowser(_gatehouse);
        var setup = await _pool.SignInAsync(browser, _pool.Query(), "ian");
        var code = Totp.Code(Totp.Base32Decode(Secret(setup))!, _gatehouse.Clock.GetUtcNow());
        for (var i = 0; i < 2; i++)
        {
            setup = await PostCodeAsync(browser, setup, Wrong(code));
            Assert.Equal(Mismatch, setup.Alert);
        }

        Assert.Equal(Expired, (await PostCodeAsync(browser, setup, Wrong(code))).Alert);
        Assert.Equal(Expired, (await PostCodeAsync(browser, setup, code)).Alert);
        var user = await _gatehouse.CallAsync("AdminGetUser", new { UserPoolId = _pool.PoolId, Username = "ian" });
        Assert.Null(user["PreferredMfaSetting"]);
    }

    [Fact]
    public async Task Required_MFA_that_cannot_be_set_up_here_is_an_error_not_a_sign_in()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("jo", phone: null);
        var browser = new HostedBrowser(_gatehouse);
        var page = await _pool.SignInAsync(browser, _pool.Query(), "jo");
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.StartsWith("Multi-factor authentication is required", page.Alert, StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("cognito"));
    }

    private static string Wrong(string code) => code == "000000" ? "111111" : "000000";

    private static string Secret(HostedBrowser.Page page) => SecretText().Match(page.Html).Groups[1].Value;

    private string MfaStepUri(string username, string secret) =>
        HostedUi.MfaStep.OtpAuthUri(new UserPool { Id = _pool.PoolId, Name = "hosted" }, username, secret);

    /// <summary>Posts a step's form again with its hidden fields and <paramref name="code"/>.</summary>
    private static Task<HostedBrowser.Page> PostCodeAsync(HostedBrowser browser, HostedBrowser.Page step, string code)
    {
        var fields = HiddenInput().Matches(step.Html)
            .Select(m => (Name: WebUtility.HtmlDecode(m.Groups[1].Value), Value: WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(f => f.Name != "_csrf")
            .DistinctBy(f => f.Name)
            .Append(("code", code))
            .ToList();
        return browser.PostAsync(step.FormAction, fields);
    }

    private async Task SetMfaAsync(string mode, bool sms = false, bool totp = false, bool email = false)
    {
        await _gatehouse.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = _pool.PoolId,
            MfaConfiguration = mode,
            SmsMfaConfiguration = sms ? new { SmsAuthenticationMessage = "Your code is {####}", SmsConfiguration = new { SnsCallerArn = SnsRole } } : null,
            SoftwareTokenMfaConfiguration = totp ? new { Enabled = true } : null,
            EmailMfaConfiguration = email ? new { Message = "Code: {####}", Subject = "Sign-in code" } : null,
        });
    }

    private async Task CreateUserAsync(string username, string? phone)
    {
        if (phone is null)
        {
            // No email either: required MFA then has nowhere to send a code and asks for set-up.
            await _gatehouse.CreateUserAsync(_pool.PoolId, username);
            return;
        }

        await _gatehouse.CreateUserAsync(_pool.PoolId, username, ("email", username + "@example.com"), ("email_verified", "true"), ("phone_number", phone));
    }

    private async Task EditUserAsync(string username, Action<User> edit)
    {
        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(write: true, CancellationToken.None);
        var user = (await session.GetUserAsync(_pool.PoolId, username, CancellationToken.None))!;
        edit(user);
        await session.SaveUserAsync(user, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<code id=\"totp-secret\">([A-Z2-7]+)</code>")]
    private static partial Regex SecretText();
}
