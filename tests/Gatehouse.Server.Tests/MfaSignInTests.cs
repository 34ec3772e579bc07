using System.Text.Json.Nodes;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>The second factor at sign-in: SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE and MFA_SETUP, and their abuse.</summary>
public sealed class MfaSignInTests : IAsyncLifetime
{
    private const string SnsRole = "arn:aws:iam::123456789012:role/service-role/sms";

    private TestGatehouse _gatehouse = null!;
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _s = await Scenario.CreateAsync(_gatehouse, flows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_required_SMS_factor_is_challenged_and_its_code_from_the_outbox_signs_in()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("alice", phone: "+15555550100");
        var challenge = await _s.SignInAsync("alice");
        Assert.Equal("SMS_MFA", challenge["ChallengeName"]!.GetValue<string>());
        Assert.Equal("SMS", challenge["ChallengeParameters"]!["CODE_DELIVERY_DELIVERY_MEDIUM"]!.GetValue<string>());
        Assert.Equal("+*******0100", challenge["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"]!.GetValue<string>());
        var message = await LatestMessageAsync("alice");
        Assert.Equal("SMS", message["deliveryMedium"]!.GetValue<string>());
        Assert.Equal("Your code is " + message["code"]!.GetValue<string>(), message["message"]!.GetValue<string>());

        var tokens = await _s.AnswerAsync(challenge, "SMS_MFA", "SMS_MFA_CODE", message["code"]!.GetValue<string>(), "alice");
        Assert.NotNull(tokens["AuthenticationResult"]!["AccessToken"]);

        var reused = await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(challenge, "SMS_MFA", "SMS_MFA_CODE", message["code"]!.GetValue<string>(), "alice"), "NotAuthorizedException");
        Assert.Equal("Invalid session for the user, session is expired.", reused.AwsMessage);
    }

    [Fact]
    public async Task Three_wrong_codes_spend_the_session_and_each_counts_toward_the_lockout()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("bob", phone: "+15555550101");
        var challenge = await _s.SignInAsync("bob");
        var code = (await LatestMessageAsync("bob"))["code"]!.GetValue<string>();
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 2; i++)
        {
            var mismatch = await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(challenge, "SMS_MFA", "SMS_MFA_CODE", wrong, "bob"), "CodeMismatchException");
            Assert.Equal("Invalid code or auth state for the user.", mismatch.AwsMessage);
        }

        await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(challenge, "SMS_MFA", "SMS_MFA_CODE", wrong, "bob"), "NotAuthorizedException");
        await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(challenge, "SMS_MFA", "SMS_MFA_CODE", code, "bob"), "NotAuthorizedException");

        // Two more wrong codes in a new session make five failures: sign-in locks.
        var second = await _s.SignInAsync("bob");
        for (var i = 0; i < 2; i++)
        {
            await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(second, "SMS_MFA", "SMS_MFA_CODE", "123456" == code ? "654321" : "123456", "bob"), "CodeMismatchException");
        }

        var locked = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "bob"), ("PASSWORD", Scenario.Password)),
        }, "NotAuthorizedException");
        Assert.Equal("Password attempts exceeded", locked.AwsMessage);
    }

    [Fact]
    public async Task An_MFA_session_expires_and_belongs_to_its_user_and_client()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("carol", phone: "+15555550102");
        await CreateUserAsync("dave", phone: "+15555550103");
        var challenge = await _s.SignInAsync("carol");
        var code = (await LatestMessageAsync("carol"))["code"]!.GetValue<string>();
        await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(challenge, "SMS_MFA", "SMS_MFA_CODE", code, "dave"), "NotAuthorizedException");

        var other = await _gatehouse.CallAsync("CreateUserPoolClient", new { UserPoolId = _s.PoolId, ClientName = "other", ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH" } });
        var elsewhere = _s.Answer(challenge, "SMS_MFA", "SMS_MFA_CODE", code, "carol");
        elsewhere["ClientId"] = other["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        await _gatehouse.FailAsync("RespondToAuthChallenge", elsewhere, "NotAuthorizedException");

        var fresh = await _s.SignInAsync("carol");
        var freshCode = (await LatestMessageAsync("carol"))["code"]!.GetValue<string>();
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(fresh, "SMS_MFA", "SMS_MFA_CODE", freshCode, "carol"), "NotAuthorizedException");
    }

    [Fact]
    public async Task Optional_MFA_signs_in_users_without_a_factor_and_asks_users_with_two_to_choose()
    {
        await SetMfaAsync("OPTIONAL", sms: true, email: true);
        await CreateUserAsync("erin", phone: "+15555550104");
        Assert.NotNull((await _s.SignInAsync("erin"))["AuthenticationResult"]);

        await CreateUserAsync("fay", phone: "+15555550105");
        await EditUserAsync("fay", u => u.Mfa = new UserMfa { SmsEnabled = true, EmailEnabled = true });
        var select = await _s.SignInAsync("fay");
        Assert.Equal("SELECT_MFA_TYPE", select["ChallengeName"]!.GetValue<string>());
        Assert.Equal("""["SMS_MFA","EMAIL_OTP"]""", select["ChallengeParameters"]!["MFAS_CAN_CHOOSE"]!.GetValue<string>());
        await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(select, "SELECT_MFA_TYPE", "ANSWER", "SOFTWARE_TOKEN_MFA", "fay"), "InvalidParameterException");

        var selectAgain = await _s.SignInAsync("fay");
        var email = await _s.AnswerAsync(selectAgain, "SELECT_MFA_TYPE", "ANSWER", "EMAIL_OTP", "fay");
        Assert.Equal("EMAIL_OTP", email["ChallengeName"]!.GetValue<string>());
        Assert.Equal("f***@e***", email["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"]!.GetValue<string>());
        var message = await LatestMessageAsync("fay");
        Assert.Equal("Sign-in code", message["subject"]!.GetValue<string>());
        var tokens = await _s.AnswerAsync(email, "EMAIL_OTP", "EMAIL_OTP_CODE", message["code"]!.GetValue<string>(), "fay");
        Assert.NotNull(tokens["AuthenticationResult"]);

        await EditUserAsync("fay", u => u.Mfa!.Preferred = UserMfa.Sms);
        Assert.Equal("SMS_MFA", (await _s.SignInAsync("fay"))["ChallengeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Required_MFA_without_a_factor_asks_for_set_up()
    {
        await SetMfaAsync("ON", totp: true);
        await CreateUserAsync("gus");
        var setup = await _s.SignInAsync("gus");
        Assert.Equal("MFA_SETUP", setup["ChallengeName"]!.GetValue<string>());
        Assert.Equal("""["SOFTWARE_TOKEN_MFA"]""", setup["ChallengeParameters"]!["MFAS_CAN_SETUP"]!.GetValue<string>());
        await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(setup, "MFA_SETUP", "USERNAME", "gus", "gus"), "InvalidParameterException");
    }

    [Fact]
    public async Task Required_email_MFA_is_set_up_with_the_address_the_answer_gives()
    {
        await SetMfaAsync("ON", email: true);
        await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = _s.PoolId, Username = "jay", MessageAction = "SUPPRESS" });
        await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = _s.PoolId, Username = "jay", Password = Scenario.Password, Permanent = true });
        var setup = await _s.SignInAsync("jay");
        Assert.Equal("""["EMAIL_OTP"]""", setup["ChallengeParameters"]!["MFAS_CAN_SETUP"]!.GetValue<string>());
        await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(setup, "MFA_SETUP", "EMAIL", "not an address", "jay"), "InvalidParameterException");

        var again = await _s.SignInAsync("jay");
        var email = await _s.AnswerAsync(again, "MFA_SETUP", "EMAIL", "jay@example.com", "jay");
        Assert.Equal("EMAIL_OTP", email["ChallengeName"]!.GetValue<string>());
        Assert.Equal("j***@e***", email["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"]!.GetValue<string>());
        await _s.AnswerAsync(email, "EMAIL_OTP", "EMAIL_OTP_CODE", (await LatestMessageAsync("jay"))["code"]!.GetValue<string>(), "jay");

        var user = await _gatehouse.CallAsync("AdminGetUser", new { UserPoolId = _s.PoolId, Username = "jay" });
        Assert.Equal("EMAIL_OTP", user["PreferredMfaSetting"]!.GetValue<string>());
        Assert.Contains(user["UserAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "email_verified" && a["Value"]!.GetValue<string>() == "true");
        Assert.Equal("EMAIL_OTP", (await _s.SignInAsync("jay"))["ChallengeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task MFA_follows_an_SRP_proof_and_a_new_password()
    {
        await SetMfaAsync("ON", sms: true);
        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = _s.PoolId,
            Username = "hal",
            TemporaryPassword = "Temp-passw0rd!",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "phone_number", Value = "+15555550106" } },
        });
        var newPassword = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "hal"), ("PASSWORD", "Temp-passw0rd!")),
        });
        Assert.Equal("NEW_PASSWORD_REQUIRED", newPassword["ChallengeName"]!.GetValue<string>());
        var sms = await _s.AnswerAsync(newPassword, "NEW_PASSWORD_REQUIRED", "NEW_PASSWORD", Scenario.Password, "hal");
        Assert.Equal("SMS_MFA", sms["ChallengeName"]!.GetValue<string>());
        await _s.AnswerAsync(sms, "SMS_MFA", "SMS_MFA_CODE", (await LatestMessageAsync("hal"))["code"]!.GetValue<string>(), "hal");

        var client = new ReferenceSrpClient();
        var verifier = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_SRP_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "hal"), ("SRP_A", client.SrpA)),
        });
        var p = verifier["ChallengeParameters"]!;
        var timestamp = Core.Auth.Srp.SrpTimestamp.Format(_gatehouse.Clock.GetUtcNow());
        var signature = client.Signature(
            Core.Auth.Srp.SrpVerifier.PoolName(_s.PoolId), "hal", Scenario.Password, p["SRP_B"]!.GetValue<string>(), p["SALT"]!.GetValue<string>(),
            p["SECRET_BLOCK"]!.GetValue<string>(), timestamp);
        var afterSrp = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "PASSWORD_VERIFIER",
            ChallengeResponses = Scenario.Parameters(
                ("USERNAME", "hal"), ("PASSWORD_CLAIM_SECRET_BLOCK", p["SECRET_BLOCK"]!.GetValue<string>()), ("TIMESTAMP", timestamp), ("PASSWORD_CLAIM_SIGNATURE", signature)),
        });
        Assert.Equal("SMS_MFA", afterSrp["ChallengeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answers_without_a_code_or_username_are_invalid_parameters()
    {
        await SetMfaAsync("ON", sms: true);
        await CreateUserAsync("ivy", phone: "+15555550107");
        var challenge = await _s.SignInAsync("ivy");
        var noCode = await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(challenge, "SMS_MFA", "OTHER", "1", "ivy"), "InvalidParameterException");
        Assert.Equal("Missing required parameter SMS_MFA_CODE", noCode.AwsMessage);
        var wrongChallenge = await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(challenge, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", "123456", "ivy"), "InvalidParameterException");
        Assert.Equal("Invalid challenge name: expected SMS_MFA.", wrongChallenge.AwsMessage);
    }

    private async Task SetMfaAsync(string mode, bool sms = false, bool totp = false, bool email = false)
    {
        await _gatehouse.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = _s.PoolId,
            MfaConfiguration = mode,
            SmsMfaConfiguration = sms ? new { SmsAuthenticationMessage = "Your code is {####}", SmsConfiguration = new { SnsCallerArn = SnsRole } } : null,
            SoftwareTokenMfaConfiguration = totp ? new { Enabled = true } : null,
            EmailMfaConfiguration = email ? new { Message = "Code: {####}", Subject = "Sign-in code" } : null,
        });
    }

    private async Task CreateUserAsync(string username, string? phone = null)
    {
        var attributes = new List<object> { new { Name = "email", Value = username + "@example.com" }, new { Name = "email_verified", Value = "true" } };
        if (phone is not null)
        {
            attributes.Add(new { Name = "phone_number", Value = phone });
        }

        await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = _s.PoolId, Username = username, MessageAction = "SUPPRESS", UserAttributes = attributes });
        await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = _s.PoolId, Username = username, Password = Scenario.Password, Permanent = true });
    }

    private async Task EditUserAsync(string username, Action<User> edit)
    {
        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(write: true, CancellationToken.None);
        var user = (await session.GetUserAsync(_s.PoolId, username, CancellationToken.None))!;
        edit(user);
        await session.SaveUserAsync(user, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    private async Task<JsonNode> LatestMessageAsync(string username) =>
        JsonNode.Parse(await _gatehouse.Http.GetStringAsync($"/_gatehouse/outbox?userPoolId={_s.PoolId}&username={username}"))!["messages"]![0]!;
}
