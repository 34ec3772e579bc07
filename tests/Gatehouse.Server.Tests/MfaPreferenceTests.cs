using System.Text.Json.Nodes;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.Tests;

/// <summary>SetUserMFAPreference and AdminSetUserMFAPreference, and what GetUser and AdminGetUser report of them.</summary>
public sealed class MfaPreferenceTests : IAsyncLifetime
{
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
    public async Task A_user_without_factors_reports_none()
    {
        var me = await _gatehouse.CallAsync("GetUser", new { AccessToken = _accessToken });
        Assert.Null(me["UserMFASettingList"]);
        Assert.Null(me["PreferredMfaSetting"]);
        var admin = await _gatehouse.GetUserAsync(_scenario.PoolId, "alice");
        Assert.Null(admin["UserMFASettingList"]);
        Assert.Null(admin["PreferredMfaSetting"]);
    }

    [Fact]
    public async Task Software_token_MFA_needs_a_verified_authenticator()
    {
        var error = await SetFailsAsync(new { AccessToken = _accessToken, SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = true } });
        Assert.Equal("User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA", error.AwsMessage);

        // Associated but not verified is not enough.
        await _gatehouse.CallAsync("AssociateSoftwareToken", new { AccessToken = _accessToken });
        await SetFailsAsync(new { AccessToken = _accessToken, SoftwareTokenMfaSettings = new { Enabled = true } });

        await VerifyTotpAsync();
        Assert.Equal("{}", (await SetAsync(new { AccessToken = _accessToken, SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = true } })).ToJsonString());
        await ExpectAsync(["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA");
    }

    [Fact]
    public async Task SMS_needs_a_phone_number_and_email_an_email_address()
    {
        await _gatehouse.CreateUserAsync(_scenario.PoolId, "bob");
        var error = await AdminSetFailsAsync("bob", new { SMSMfaSettings = new { Enabled = true } });
        Assert.Equal("User does not have delivery config set to turn on SMS_MFA", error.AwsMessage);
        error = await AdminSetFailsAsync("bob", new { EmailMfaSettings = new { Enabled = true } });
        Assert.Equal("User does not have delivery config set to turn on EMAIL_OTP", error.AwsMessage);

        await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = _scenario.PoolId,
            Username = "bob",
            UserAttributes = new[] { new { Name = "phone_number", Value = "+15555550100" }, new { Name = "email", Value = "bob@example.com" } },
        });
        await AdminSetAsync("bob", new { SMSMfaSettings = new { Enabled = true }, EmailMfaSettings = new { Enabled = true } });
        var bob = await _gatehouse.GetUserAsync(_scenario.PoolId, "bob");
        Assert.Equal("""["SMS_MFA","EMAIL_OTP"]""", bob["UserMFASettingList"]!.ToJsonString());
        Assert.Null(bob["PreferredMfaSetting"]);
    }

    [Fact]
    public async Task Preferring_one_factor_makes_the_others_not_preferred_and_absent_settings_change_nothing()
    {
        await GivePhoneAsync();
        await VerifyTotpAsync();
        await SetAsync(new
        {
            AccessToken = _accessToken,
            SMSMfaSettings = new { Enabled = true, PreferredMfa = true },
            SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = false },
            EmailMfaSettings = new { Enabled = true },
        });
        await ExpectAsync(["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"], "SMS_MFA");

        await SetAsync(new { AccessToken = _accessToken, SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = true } });
        await ExpectAsync(["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"], "SOFTWARE_TOKEN_MFA");

        await SetAsync(new { AccessToken = _accessToken });
        await ExpectAsync(["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"], "SOFTWARE_TOKEN_MFA");

        // Disabling a factor that is not preferred keeps the preference.
        await SetAsync(new { AccessToken = _accessToken, EmailMfaSettings = new { Enabled = false, PreferredMfa = false } });
        await ExpectAsync(["SMS_MFA", "SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA");
    }

    [Fact]
    public async Task Disabling_the_preferred_factor_or_unpreferring_it_clears_the_preference()
    {
        await GivePhoneAsync();
        await VerifyTotpAsync();
        await SetAsync(new { AccessToken = _accessToken, SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = true }, SMSMfaSettings = new { Enabled = true } });
        await SetAsync(new { AccessToken = _accessToken, SoftwareTokenMfaSettings = new { Enabled = false, PreferredMfa = false } });
        await ExpectAsync(["SMS_MFA"], null);

        await SetAsync(new { AccessToken = _accessToken, SMSMfaSettings = new { Enabled = true, PreferredMfa = true } });
        await SetAsync(new { AccessToken = _accessToken, SMSMfaSettings = new { Enabled = true, PreferredMfa = false } });
        await ExpectAsync(["SMS_MFA"], null);

        // A disabled software token keeps its authenticator and can be enabled again without a new one.
        await SetAsync(new { AccessToken = _accessToken, SoftwareTokenMfaSettings = new { Enabled = true } });
        await ExpectAsync(["SMS_MFA", "SOFTWARE_TOKEN_MFA"], null);
    }

    [Fact]
    public async Task Two_preferred_factors_or_a_preferred_disabled_one_are_refused_and_change_nothing()
    {
        await GivePhoneAsync();
        await VerifyTotpAsync();
        var before = await _gatehouse.GetUserAsync(_scenario.PoolId, "alice");
        await SetFailsAsync(new
        {
            AccessToken = _accessToken,
            SMSMfaSettings = new { Enabled = true, PreferredMfa = true },
            SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = true },
        });
        await SetFailsAsync(new { AccessToken = _accessToken, SMSMfaSettings = new { Enabled = false, PreferredMfa = true } });
        // One bad factor stops the good ones too.
        await AdminSetFailsAsync("alice", new { SMSMfaSettings = new { Enabled = true }, EmailMfaSettings = new { Enabled = true, PreferredMfa = true }, SoftwareTokenMfaSettings = new { PreferredMfa = true } });
        Assert.True(JsonNode.DeepEquals(before, await _gatehouse.GetUserAsync(_scenario.PoolId, "alice")));
    }

    [Fact]
    public async Task The_admin_variant_sets_the_same_and_finds_users_by_alias_rules()
    {
        await VerifyTotpAsync();
        await AdminSetAsync("alice", new { SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = true } });
        await ExpectAsync(["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA");

        var error = await _gatehouse.FailAsync("AdminSetUserMFAPreference", new { UserPoolId = _scenario.PoolId, Username = "nobody", SMSMfaSettings = new { Enabled = false } }, "UserNotFoundException");
        Assert.Equal("User does not exist.", error.AwsMessage);
        await _gatehouse.FailAsync("AdminSetUserMFAPreference", new { UserPoolId = "us-east-1_nope", Username = "alice" }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("AdminSetUserMFAPreference", new { UserPoolId = _scenario.PoolId }, "InvalidParameterException");
        await _gatehouse.FailAsync("AdminSetUserMFAPreference", new { Username = "alice" }, "InvalidParameterException");
    }

    [Fact]
    public async Task Bad_tokens_and_bad_input_are_refused()
    {
        await _gatehouse.FailAsync("SetUserMFAPreference", new { SMSMfaSettings = new { Enabled = false } }, "InvalidParameterException");
        await _gatehouse.FailAsync("SetUserMFAPreference", new { AccessToken = "not a token" }, "InvalidParameterException");
        var error = await _gatehouse.FailAsync("SetUserMFAPreference", new { AccessToken = "garbage" }, "NotAuthorizedException");
        Assert.Equal("Invalid Access Token", error.AwsMessage);
        await _gatehouse.FailAsync("SetUserMFAPreference", new { AccessToken = _accessToken, SMSMfaSettings = new { Enabled = "yes" } }, "SerializationException");

        await _gatehouse.CallAsync("GlobalSignOut", new { AccessToken = _accessToken });
        await _gatehouse.FailAsync("SetUserMFAPreference", new { AccessToken = _accessToken, SMSMfaSettings = new { Enabled = false } }, "NotAuthorizedException");
        await _gatehouse.FailAsync("GetUser", new { AccessToken = _accessToken }, "NotAuthorizedException");
    }

    [Fact]
    public async Task Legacy_user_settings_switch_SMS_MFA_and_are_reported_as_MFAOptions()
    {
        var error = await _gatehouse.FailAsync("SetUserSettings", new { AccessToken = _accessToken, MFAOptions = new[] { new { DeliveryMedium = "SMS", AttributeName = "phone_number" } } }, "InvalidParameterException");
        Assert.Equal("User does not have delivery config set to turn on SMS_MFA", error.AwsMessage);
        await GivePhoneAsync();
        await _gatehouse.CallAsync("SetUserSettings", new { AccessToken = _accessToken, MFAOptions = new[] { new { DeliveryMedium = "SMS", AttributeName = "phone_number" } } });
        await ExpectAsync(["SMS_MFA"], null);
        var me = await _gatehouse.CallAsync("GetUser", new { AccessToken = _accessToken });
        Assert.Equal("""[{"DeliveryMedium":"SMS","AttributeName":"phone_number"}]""", me["MFAOptions"]!.ToJsonString());

        await SetAsync(new { AccessToken = _accessToken, SMSMfaSettings = new { Enabled = true, PreferredMfa = true } });
        await _gatehouse.CallAsync("AdminSetUserSettings", new { UserPoolId = _scenario.PoolId, Username = "alice", MFAOptions = new[] { new { DeliveryMedium = "SMS", AttributeName = "phone_number" } } });
        await ExpectAsync(["SMS_MFA"], "SMS_MFA");
        await _gatehouse.CallAsync("AdminSetUserSettings", new { UserPoolId = _scenario.PoolId, Username = "alice", MFAOptions = Array.Empty<object>() });
        await ExpectAsync([], null);
        Assert.Null((await _gatehouse.GetUserAsync(_scenario.PoolId, "alice"))["MFAOptions"]);

        await _gatehouse.FailAsync("SetUserSettings", new { AccessToken = _accessToken }, "InvalidParameterException");
        await _gatehouse.FailAsync("SetUserSettings", new { AccessToken = _accessToken, MFAOptions = new[] { new { DeliveryMedium = "PIGEON", AttributeName = "phone_number" } } }, "InvalidParameterException");
        await _gatehouse.FailAsync("SetUserSettings", new { AccessToken = _accessToken, MFAOptions = new[] { new { DeliveryMedium = "EMAIL", AttributeName = "email" } } }, "InvalidParameterException");
        await _gatehouse.FailAsync("SetUserSettings", new { AccessToken = "garbage", MFAOptions = Array.Empty<object>() }, "NotAuthorizedException");
    }

    private Task<JsonNode> SetAsync(object body) => _gatehouse.CallAsync("SetUserMFAPreference", body);

    private Task<CognitoError> SetFailsAsync(object body) => _gatehouse.FailAsync("SetUserMFAPreference", body, "InvalidParameterException");

    private Task<JsonNode> AdminSetAsync(string username, object settings) =>
        _gatehouse.CallAsync("AdminSetUserMFAPreference", With(username, settings));

    private Task<CognitoError> AdminSetFailsAsync(string username, object settings) =>
        _gatehouse.FailAsync("AdminSetUserMFAPreference", With(username, settings), "InvalidParameterException");

    private JsonObject With(string username, object settings)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(settings))!.AsObject();
        body["UserPoolId"] = _scenario.PoolId;
        body["Username"] = username;
        return body;
    }

    private Task GivePhoneAsync() =>
        _gatehouse.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = _scenario.PoolId,
            Username = "alice",
            UserAttributes = new[] { new { Name = "phone_number", Value = "+15555550100" } },
        });

    private async Task VerifyTotpAsync()
    {
        var secret = (await _gatehouse.CallAsync("AssociateSoftwareToken", new { AccessToken = _accessToken }))["SecretCode"]!.GetValue<string>();
        await _gatehouse.CallAsync("VerifySoftwareToken", new { AccessToken = _accessToken, UserCode = Totp.Code(Totp.Base32Decode(secret), _gatehouse.Clock.GetUtcNow()) });
    }

    /// <summary>GetUser and AdminGetUser agree on the enabled factors (in Cognito's order) and the preference.</summary>
    private async Task ExpectAsync(string[] enabled, string? preferred)
    {
        foreach (var user in new[] { await _gatehouse.CallAsync("GetUser", new { AccessToken = _accessToken }), await _gatehouse.GetUserAsync(_scenario.PoolId, "alice") })
        {
            Assert.Equal(enabled, user["UserMFASettingList"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? []);
            Assert.Equal(preferred, user["PreferredMfaSetting"]?.GetValue<string>());
        }
    }
}
