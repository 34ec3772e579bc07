using System.Text.Json.Nodes;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Auth.Srp;

namespace Gatehouse.Server.Tests;

/// <summary>
/// SOFTWARE_TOKEN_MFA at sign-in, MFA_SETUP through AssociateSoftwareToken and VerifySoftwareToken with the session,
/// and device SRP letting a remembered device skip MFA.
/// </summary>
public sealed class TotpSignInTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _s = await Scenario.CreateAsync(_gatehouse, flows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_user_who_set_up_an_authenticator_answers_SOFTWARE_TOKEN_MFA_once_per_code()
    {
        await SetTotpMfaAsync("OPTIONAL");
        await _s.SignUpConfirmedAsync("alice");
        var secret = await SetUpAuthenticatorAsync("alice");

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        var challenge = await _s.SignInAsync("alice");
        Assert.Equal("SOFTWARE_TOKEN_MFA", challenge["ChallengeName"]!.GetValue<string>());
        var code = Totp.Code(secret, _gatehouse.Clock.GetUtcNow());
        var tokens = await _s.AnswerAsync(challenge, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", code, "alice");
        Assert.NotNull(tokens["AuthenticationResult"]!["AccessToken"]);

        var again = await _s.SignInAsync("alice");
        var reused = await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(again, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", code, "alice"), "CodeMismatchException");
        Assert.Equal("Invalid code received for user", reused.AwsMessage);
        var foreign = Totp.Code(Totp.Base32Decode(Totp.GenerateSecret()), _gatehouse.Clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        await _gatehouse.FailAsync("RespondToAuthChallenge", _s.Answer(again, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", foreign, "alice"), "CodeMismatchException");
        var next = Totp.Code(secret, _gatehouse.Clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        Assert.NotNull((await _s.AnswerAsync(again, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", next, "alice"))["AuthenticationResult"]);
    }

    [Fact]
    public async Task Required_TOTP_is_set_up_during_sign_in_with_the_session()
    {
        await SetTotpMfaAsync("ON");
        await _s.SignUpConfirmedAsync("bob");
        var setup = await _s.SignInAsync("bob");
        Assert.Equal("MFA_SETUP", setup["ChallengeName"]!.GetValue<string>());
        var associated = await _gatehouse.CallAsync("AssociateSoftwareToken", new { Session = setup["Session"]!.GetValue<string>() });
        var secret = Totp.Base32Decode(associated["SecretCode"]!.GetValue<string>())!;
        var verified = await _gatehouse.CallAsync("VerifySoftwareToken", new
        {
            Session = associated["Session"]!.GetValue<string>(),
            UserCode = Totp.Code(secret, _gatehouse.Clock.GetUtcNow()),
        });
        Assert.Equal("SUCCESS", verified["Status"]!.GetValue<string>());
        var tokens = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "MFA_SETUP",
            Session = verified["Session"]!.GetValue<string>(),
            ChallengeResponses = Scenario.Parameters(("USERNAME", "bob")),
        });
        var access = tokens["AuthenticationResult"]!["AccessToken"]!.GetValue<string>();
        var user = await _gatehouse.CallAsync("GetUser", new { AccessToken = access });
        Assert.Equal("SOFTWARE_TOKEN_MFA", user["PreferredMfaSetting"]!.GetValue<string>());

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("SOFTWARE_TOKEN_MFA", (await _s.SignInAsync("bob"))["ChallengeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_remembered_device_skips_MFA_through_device_SRP_and_a_forgotten_one_does_not()
    {
        await _gatehouse.CallAsync("UpdateUserPool", new
        {
            UserPoolId = _s.PoolId,
            AutoVerifiedAttributes = new[] { "email" },
            DeviceConfiguration = new { ChallengeRequiredOnNewDevice = true, DeviceOnlyRememberedOnUserPrompt = false },
        });
        await SetTotpMfaAsync("OPTIONAL");
        await _s.SignUpConfirmedAsync("carol");
        var secret = await SetUpAuthenticatorAsync("carol");

        // The first sign-in answers MFA, gets a new device and confirms it with a verifier for a random password.
        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        var mfa = await _s.SignInAsync("carol");
        var first = await _s.AnswerAsync(mfa, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", Totp.Code(secret, _gatehouse.Clock.GetUtcNow()), "carol");
        var metadata = first["AuthenticationResult"]!["NewDeviceMetadata"]!;
        var deviceKey = metadata["DeviceKey"]!.GetValue<string>();
        var groupKey = metadata["DeviceGroupKey"]!.GetValue<string>();
        const string devicePassword = "device-random-password";
        var deviceVerifier = SrpVerifier.Create(groupKey, deviceKey, devicePassword);
        var confirmed = await _gatehouse.CallAsync("ConfirmDevice", new
        {
            AccessToken = first["AuthenticationResult"]!["AccessToken"]!.GetValue<string>(),
            DeviceKey = deviceKey,
            DeviceSecretVerifierConfig = new { Salt = Convert.ToBase64String(deviceVerifier.Salt), PasswordVerifier = Convert.ToBase64String(deviceVerifier.Verifier) },
            DeviceName = "test browser",
        });
        Assert.False(confirmed["UserConfirmationNecessary"]!.GetValue<bool>());

        // The second sign-in names the device: device SRP instead of MFA, and the tokens name the device.
        var device = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "carol"), ("PASSWORD", Scenario.Password), ("DEVICE_KEY", deviceKey)),
        });
        Assert.Equal("DEVICE_SRP_AUTH", device["ChallengeName"]!.GetValue<string>());
        var tokens = await DeviceSrpAsync(device, "carol", deviceKey, groupKey, devicePassword);
        var access = Scenario.Payload(tokens["AuthenticationResult"]!["AccessToken"]!.GetValue<string>());
        Assert.Equal(deviceKey, access["device_key"]!.GetValue<string>());
        Assert.Null(tokens["AuthenticationResult"]!["NewDeviceMetadata"]);

        // A wrong device password fails; a block answered once is refused.
        var again = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "carol"), ("PASSWORD", Scenario.Password), ("DEVICE_KEY", deviceKey)),
        });
        var wrong = await _gatehouse.FailAsync("RespondToAuthChallenge", await DeviceAnswerAsync(again, "carol", deviceKey, groupKey, "not-the-device"), "NotAuthorizedException");
        Assert.Equal("Incorrect username or password.", wrong.AwsMessage);

        // Not remembered any more: MFA again, then device SRP.
        await _gatehouse.CallAsync("AdminUpdateDeviceStatus", new { UserPoolId = _s.PoolId, Username = "carol", DeviceKey = deviceKey, DeviceRememberedStatus = "not_remembered" });
        var notRemembered = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "carol"), ("PASSWORD", Scenario.Password), ("DEVICE_KEY", deviceKey)),
        });
        Assert.Equal("SOFTWARE_TOKEN_MFA", notRemembered["ChallengeName"]!.GetValue<string>());
        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        var afterMfa = await _s.AnswerAsync(notRemembered, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", Totp.Code(secret, _gatehouse.Clock.GetUtcNow()), "carol");
        Assert.Equal("DEVICE_SRP_AUTH", afterMfa["ChallengeName"]!.GetValue<string>());
        Assert.NotNull((await DeviceSrpAsync(afterMfa, "carol", deviceKey, groupKey, devicePassword))["AuthenticationResult"]);

        // A forgotten device is "Device does not exist.", which the reference clients answer by dropping the key.
        await _gatehouse.CallAsync("AdminForgetDevice", new { UserPoolId = _s.PoolId, Username = "carol", DeviceKey = deviceKey });
        var forgotten = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "carol"), ("PASSWORD", Scenario.Password), ("DEVICE_KEY", deviceKey)),
        }, "ResourceNotFoundException");
        Assert.Equal("Device does not exist.", forgotten.AwsMessage);
    }

    private async Task<byte[]> SetUpAuthenticatorAsync(string username)
    {
        var access = (await _s.TokensAsync(username)).AccessToken;
        var associated = await _gatehouse.CallAsync("AssociateSoftwareToken", new { AccessToken = access });
        var secret = Totp.Base32Decode(associated["SecretCode"]!.GetValue<string>())!;
        await _gatehouse.CallAsync("VerifySoftwareToken", new { AccessToken = access, UserCode = Totp.Code(secret, _gatehouse.Clock.GetUtcNow()) });
        await _gatehouse.CallAsync("SetUserMFAPreference", new { AccessToken = access, SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = true } });
        return secret;
    }

    private Task SetTotpMfaAsync(string mode) =>
        _gatehouse.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = _s.PoolId, MfaConfiguration = mode, SoftwareTokenMfaConfiguration = new { Enabled = true } });

    private async Task<JsonNode> DeviceSrpAsync(JsonNode challenge, string username, string deviceKey, string groupKey, string devicePassword) =>
        await _gatehouse.CallAsync("RespondToAuthChallenge", await DeviceAnswerAsync(challenge, username, deviceKey, groupKey, devicePassword));

    private async Task<JsonObject> DeviceAnswerAsync(JsonNode challenge, string username, string deviceKey, string groupKey, string devicePassword)
    {
        var client = new ReferenceSrpClient();
        var verifier = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "DEVICE_SRP_AUTH",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = Scenario.Parameters(("USERNAME", username), ("DEVICE_KEY", deviceKey), ("SRP_A", client.SrpA)),
        });
        Assert.Equal("DEVICE_PASSWORD_VERIFIER", verifier["ChallengeName"]!.GetValue<string>());
        var p = verifier["ChallengeParameters"]!;
        var timestamp = SrpTimestamp.Format(_gatehouse.Clock.GetUtcNow());
        var block = p["SECRET_BLOCK"]!.GetValue<string>();
        var signature = client.Signature(groupKey, deviceKey, devicePassword, p["SRP_B"]!.GetValue<string>(), p["SALT"]!.GetValue<string>(), block, timestamp);
        return new JsonObject
        {
            ["ClientId"] = _s.ClientId,
            ["ChallengeName"] = "DEVICE_PASSWORD_VERIFIER",
            ["ChallengeResponses"] = new JsonObject
            {
                ["USERNAME"] = username,
                ["PASSWORD_CLAIM_SECRET_BLOCK"] = block,
                ["TIMESTAMP"] = timestamp,
                ["PASSWORD_CLAIM_SIGNATURE"] = signature,
                ["DEVICE_KEY"] = deviceKey,
            },
        };
    }
}
