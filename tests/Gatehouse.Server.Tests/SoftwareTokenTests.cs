using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>AssociateSoftwareToken and VerifySoftwareToken, with an access token and with an MFA_SETUP session.</summary>
public sealed class SoftwareTokenTests : IAsyncLifetime
{
    private const string Expired = "Invalid session for the user, session is expired.";

    private TestGatehouse _gatehouse = null!;
    private Scenario _scenario = null!;
    private string _accessToken = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _scenario = await Scenario.CreateAsync(_gatehouse);
        await _scenario.SignUpConfirmedAsync("alice");
        _accessToken = (await _scenario.TokensAsync("alice")).AccessToken;
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_secret_is_32_base32_characters_and_its_current_code_verifies_it_without_enabling_MFA()
    {
        var secret = await AssociateAsync();
        Assert.Matches("^[A-Z2-7]{32}$", secret);

        var verified = await _gatehouse.CallAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = CodeOf(secret), FriendlyDeviceName = "phone" });
        Assert.Equal("""{"Status":"SUCCESS"}""", verified.ToJsonString());

        var user = await StoredUserAsync();
        Assert.NotNull(user.Mfa!.SoftwareTokenSecret);
        Assert.Null(user.Mfa.PendingSoftwareTokenSecret);
        Assert.DoesNotContain(secret, user.Mfa.SoftwareTokenSecret, StringComparison.Ordinal);
        Assert.Equal("phone", user.Mfa.SoftwareTokenName);
        Assert.False(user.Mfa.SoftwareTokenEnabled);
        var me = await _gatehouse.CallAsync("GetUser", new { AccessToken = _accessToken });
        Assert.Null(me["UserMFASettingList"]);
        Assert.Null(me["PreferredMfaSetting"]);
    }

    [Fact]
    public async Task Codes_one_step_away_verify_and_two_steps_away_do_not()
    {
        var secret = await AssociateAsync();
        var now = _gatehouse.Clock.GetUtcNow();
        await VerifyFailsAsync(Totp.Code(Totp.Base32Decode(secret), now.AddSeconds(60)));
        await VerifyFailsAsync(Totp.Code(Totp.Base32Decode(secret), now.AddSeconds(-60)));
        await _gatehouse.CallAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = Totp.Code(Totp.Base32Decode(secret), now.AddSeconds(30)) });
    }

    [Fact]
    public async Task A_wrong_code_or_one_from_a_replaced_secret_is_a_mismatch_and_changes_nothing()
    {
        var first = await AssociateAsync();
        var second = await AssociateAsync();
        Assert.NotEqual(first, second);
        var before = (await StoredUserAsync()).Mfa!.PendingSoftwareTokenSecret;

        var error = await VerifyFailsAsync(CodeOf(first));
        Assert.Equal("Code mismatch and fail enable Software Token MFA", error.AwsMessage);
        await VerifyFailsAsync(Wrong(CodeOf(second)));
        Assert.Equal(before, (await StoredUserAsync()).Mfa!.PendingSoftwareTokenSecret);

        await _gatehouse.CallAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = CodeOf(second) });
    }

    [Fact]
    public async Task A_verified_authenticator_keeps_working_until_a_new_one_is_verified_and_its_codes_are_single_use()
    {
        var first = await AssociateAsync();
        var code = CodeOf(first);
        await _gatehouse.CallAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = code });
        var tokens = _gatehouse.Services.GetRequiredService<SoftwareTokens>();
        Assert.False(tokens.TryVerify(await StoredUserAsync(), code, _gatehouse.Clock.GetUtcNow()));

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await AssociateAsync();
        var user = await StoredUserAsync();
        Assert.True(tokens.TryVerify(user, CodeOf(first), _gatehouse.Clock.GetUtcNow()));
        Assert.False(tokens.TryVerify(user, CodeOf(first), _gatehouse.Clock.GetUtcNow()));

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        await _gatehouse.CallAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = CodeOf(second) });
        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        user = await StoredUserAsync();
        Assert.False(tokens.TryVerify(user, CodeOf(first), _gatehouse.Clock.GetUtcNow()));
        Assert.True(tokens.TryVerify(user, CodeOf(second), _gatehouse.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Verifying_without_a_pending_secret_finds_no_software_token()
    {
        var error = await _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = "123456" }, "SoftwareTokenMFANotFoundException");
        Assert.Equal("Software Token MFA does not exist for the user.", error.AwsMessage);

        var secret = await AssociateAsync();
        var code = CodeOf(secret);
        await _gatehouse.CallAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = code });
        await _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = code }, "SoftwareTokenMFANotFoundException");
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_changes()
    {
        await _gatehouse.FailAsync("AssociateSoftwareToken", new { }, "InvalidParameterException");
        await _gatehouse.FailAsync("AssociateSoftwareToken", new { AccessToken = _accessToken, Session = new string('s', 40) }, "InvalidParameterException");
        await _gatehouse.FailAsync("AssociateSoftwareToken", new { Session = "short" }, "InvalidParameterException");
        await _gatehouse.FailAsync("AssociateSoftwareToken", new { AccessToken = "not a token" }, "InvalidParameterException");
        var error = await _gatehouse.FailAsync("AssociateSoftwareToken", new { AccessToken = "garbage" }, "NotAuthorizedException");
        Assert.Equal("Invalid Access Token", error.AwsMessage);
        error = await _gatehouse.FailAsync("AssociateSoftwareToken", new { Session = new string('s', 40) }, "NotAuthorizedException");
        Assert.Equal(Expired, error.AwsMessage);

        await _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = _accessToken }, "InvalidParameterException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = "12345" }, "InvalidParameterException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = "12345a" }, "InvalidParameterException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = "1234567" }, "InvalidParameterException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { UserCode = "123456" }, "InvalidParameterException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = "garbage", UserCode = "123456" }, "NotAuthorizedException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { Session = new string('s', 40), UserCode = "123456" }, "NotAuthorizedException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = 123456 }, "SerializationException");

        Assert.Null((await StoredUserAsync()).Mfa);
    }

    [Fact]
    public async Task A_signed_out_user_s_access_token_is_refused()
    {
        await _gatehouse.CallAsync("GlobalSignOut", new { AccessToken = _accessToken });
        var error = await _gatehouse.FailAsync("AssociateSoftwareToken", new { AccessToken = _accessToken }, "NotAuthorizedException");
        Assert.Equal("Access Token has been revoked", error.AwsMessage);
    }

    [Fact]
    public async Task During_sign_in_associate_replaces_the_MFA_SETUP_session_and_verify_enables_TOTP_for_RespondToAuthChallenge()
    {
        var session = await StartSetupAsync();
        var associated = await _gatehouse.CallAsync("AssociateSoftwareToken", new { Session = session });
        var secret = associated["SecretCode"]!.GetValue<string>();
        var next = associated["Session"]!.GetValue<string>();
        Assert.NotEqual(session, next);
        var error = await _gatehouse.FailAsync("AssociateSoftwareToken", new { Session = session }, "NotAuthorizedException");
        Assert.Equal(Expired, error.AwsMessage);

        var verified = await _gatehouse.CallAsync("VerifySoftwareToken", new { Session = next, UserCode = CodeOf(secret), FriendlyDeviceName = "phone" });
        Assert.Equal("SUCCESS", verified["Status"]!.GetValue<string>());
        var final = verified["Session"]!.GetValue<string>();
        Assert.NotEqual(next, final);
        await _gatehouse.FailAsync("VerifySoftwareToken", new { Session = next, UserCode = CodeOf(secret) }, "NotAuthorizedException");

        var user = await StoredUserAsync();
        Assert.True(user.Mfa!.SoftwareTokenEnabled);
        Assert.Equal(UserMfa.SoftwareToken, user.Mfa.Preferred);

        var data = await FindSetupAsync(final);
        Assert.NotNull(data);
        Assert.Equal(user.Key, data.Data.UserKey);
        Assert.Equal("alice", data.Data.Username);
        Assert.Equal(_scenario.ClientId, data.ClientId);
        Assert.Equal(_scenario.PoolId, data.PoolId);
        Assert.Equal(UserMfa.SoftwareToken, data.Data.Private!["verified"]);

        var me = await _gatehouse.CallAsync("GetUser", new { AccessToken = _accessToken });
        Assert.Equal("""["SOFTWARE_TOKEN_MFA"]""", me["UserMFASettingList"]!.ToJsonString());
        Assert.Equal("SOFTWARE_TOKEN_MFA", me["PreferredMfaSetting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_in_a_session_keeps_an_existing_preference()
    {
        await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = _scenario.PoolId,
            Username = "alice",
            UserAttributes = new[] { new { Name = "phone_number", Value = "+15555550100" } },
        });
        await _gatehouse.CallAsync("AdminSetUserMFAPreference", new
        {
            UserPoolId = _scenario.PoolId,
            Username = "alice",
            SMSMfaSettings = new { Enabled = true, PreferredMfa = true },
        });
        var associated = await _gatehouse.CallAsync("AssociateSoftwareToken", new { Session = await StartSetupAsync() });
        await _gatehouse.CallAsync("VerifySoftwareToken", new { Session = associated["Session"]!.GetValue<string>(), UserCode = CodeOf(associated["SecretCode"]!.GetValue<string>()) });

        var user = await StoredUserAsync();
        Assert.Equal(UserMfa.Sms, user.Mfa!.Preferred);
        Assert.Equal([UserMfa.Sms, UserMfa.SoftwareToken], user.Mfa.Enabled());
    }

    [Fact]
    public async Task A_session_survives_two_wrong_codes_and_dies_at_the_third()
    {
        var associated = await _gatehouse.CallAsync("AssociateSoftwareToken", new { Session = await StartSetupAsync() });
        var session = associated["Session"]!.GetValue<string>();
        var code = CodeOf(associated["SecretCode"]!.GetValue<string>());

        await _gatehouse.FailAsync("VerifySoftwareToken", new { Session = session, UserCode = Wrong(code) }, "EnableSoftwareTokenMFAException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { Session = session, UserCode = Wrong(code) }, "EnableSoftwareTokenMFAException");
        Assert.NotNull(await FindSetupAsync(session));
        await _gatehouse.FailAsync("VerifySoftwareToken", new { Session = session, UserCode = Wrong(code) }, "EnableSoftwareTokenMFAException");
        Assert.Null(await FindSetupAsync(session));

        var error = await _gatehouse.FailAsync("VerifySoftwareToken", new { Session = session, UserCode = code }, "NotAuthorizedException");
        Assert.Equal(Expired, error.AwsMessage);
        Assert.Null((await StoredUserAsync()).Mfa!.SoftwareTokenSecret);
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_session_for_the_right_one()
    {
        var associated = await _gatehouse.CallAsync("AssociateSoftwareToken", new { Session = await StartSetupAsync() });
        var session = associated["Session"]!.GetValue<string>();
        var code = CodeOf(associated["SecretCode"]!.GetValue<string>());
        await _gatehouse.FailAsync("VerifySoftwareToken", new { Session = session, UserCode = Wrong(code) }, "EnableSoftwareTokenMFAException");
        await _gatehouse.FailAsync("VerifySoftwareToken", new { Session = session, UserCode = Wrong(code) }, "EnableSoftwareTokenMFAException");

        var verified = await _gatehouse.CallAsync("VerifySoftwareToken", new { Session = session, UserCode = code });
        var final = await FindSetupAsync(verified["Session"]!.GetValue<string>());
        Assert.False(final!.Data.Private!.ContainsKey("totpAttempts"));
    }

    [Fact]
    public async Task An_expired_session_or_one_for_another_challenge_is_refused()
    {
        var session = await StartSetupAsync();
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        var error = await _gatehouse.FailAsync("AssociateSoftwareToken", new { Session = session }, "NotAuthorizedException");
        Assert.Equal(Expired, error.AwsMessage);

        var other = await StartSetupAsync("NEW_PASSWORD_REQUIRED");
        await _gatehouse.FailAsync("AssociateSoftwareToken", new { Session = other }, "NotAuthorizedException");
    }

    [Fact]
    public async Task A_session_of_a_deleted_user_is_refused()
    {
        var session = await StartSetupAsync();
        await _gatehouse.CallAsync("AdminDeleteUser", new { UserPoolId = _scenario.PoolId, Username = "alice" });
        await _gatehouse.FailAsync("AssociateSoftwareToken", new { Session = session }, "NotAuthorizedException");
    }

    private async Task<string> AssociateAsync() =>
        (await _gatehouse.CallAsync("AssociateSoftwareToken", new { AccessToken = _accessToken }))["SecretCode"]!.GetValue<string>();

    private Task<CognitoError> VerifyFailsAsync(string code) =>
        _gatehouse.FailAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = code }, "EnableSoftwareTokenMFAException");

    private string CodeOf(string secret) => Totp.Code(Totp.Base32Decode(secret), _gatehouse.Clock.GetUtcNow());

    private static string Wrong(string code) => code == "000000" ? "111111" : "000000";

    private async Task<User> StoredUserAsync()
    {
        await using var session = await _gatehouse.Services.GetRequiredService<IGatehouseStore>().OpenAsync(write: false, CancellationToken.None);
        return (await session.GetUserAsync(_scenario.PoolId, "alice", CancellationToken.None))!;
    }

    /// <summary>What the lead's sign-in does when the pool requires MFA and the user has none.</summary>
    private async Task<string> StartSetupAsync(string challenge = "MFA_SETUP")
    {
        await using var session = await _gatehouse.Services.GetRequiredService<IGatehouseStore>().OpenAsync(write: true, CancellationToken.None);
        var client = (await session.GetClientAsync(_scenario.ClientId, CancellationToken.None))!;
        var token = await _gatehouse.Services.GetRequiredService<AuthSessions>().StartAsync(session, client, new AuthSessionData(challenge, "alice", "alice"), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return token;
    }

    private async Task<OpenAuthSession?> FindSetupAsync(string token)
    {
        await using var session = await _gatehouse.Services.GetRequiredService<IGatehouseStore>().OpenAsync(write: false, CancellationToken.None);
        return await _gatehouse.Services.GetRequiredService<AuthSessions>().FindAsync(session, token, "MFA_SETUP", CancellationToken.None);
    }
}
