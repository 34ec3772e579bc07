using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>GetUserPoolMfaConfig and SetUserPoolMfaConfig, and how UpdateUserPool's MfaConfiguration agrees with them.</summary>
public sealed class UserPoolMfaTests : IAsyncLifetime
{
    private const string SnsRole = "arn:aws:iam::123456789012:role/service-role/sms";

    private TestGatehouse _gatehouse = null!;
    private string _poolId = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _poolId = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "mfa" }))["UserPool"]!["Id"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_new_pool_has_MFA_off_and_no_factors()
    {
        var config = await GetAsync();
        Assert.Equal("""{"MfaConfiguration":"OFF"}""", config.ToJsonString());
    }

    [Fact]
    public async Task Set_returns_and_stores_the_configuration_without_touching_DescribeUserPool_s_shape()
    {
        var set = await _gatehouse.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = _poolId,
            MfaConfiguration = "OPTIONAL",
            SoftwareTokenMfaConfiguration = new { Enabled = true },
        });
        Assert.Equal("""{"SoftwareTokenMfaConfiguration":{"Enabled":true},"MfaConfiguration":"OPTIONAL"}""", set.ToJsonString());
        Assert.True(JsonNode.DeepEquals(set, await GetAsync()));

        var pool = (await _gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = _poolId }))["UserPool"]!;
        Assert.Equal("OPTIONAL", pool["MfaConfiguration"]!.GetValue<string>());
        Assert.Null(pool["Mfa"]);
        Assert.Null(pool["SoftwareTokenMfaConfiguration"]);
    }

    [Fact]
    public async Task Every_factor_round_trips_and_SMS_settings_become_the_pool_s()
    {
        var set = await _gatehouse.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = _poolId,
            MfaConfiguration = "ON",
            SmsMfaConfiguration = new { SmsAuthenticationMessage = "Your code is {####}", SmsConfiguration = new { SnsCallerArn = SnsRole, ExternalId = "ext", SnsRegion = "us-east-1" } },
            SoftwareTokenMfaConfiguration = new { Enabled = false },
            EmailMfaConfiguration = new { Message = "Code: {####}", Subject = "Sign-in code" },
            WebAuthnConfiguration = new { RelyingPartyId = "auth.example.com" },
        });
        Assert.Equal("ON", set["MfaConfiguration"]!.GetValue<string>());
        Assert.Equal("Your code is {####}", set["SmsMfaConfiguration"]!["SmsAuthenticationMessage"]!.GetValue<string>());
        Assert.Equal(SnsRole, set["SmsMfaConfiguration"]!["SmsConfiguration"]!["SnsCallerArn"]!.GetValue<string>());
        Assert.False(set["SoftwareTokenMfaConfiguration"]!["Enabled"]!.GetValue<bool>());
        Assert.Equal("Sign-in code", set["EmailMfaConfiguration"]!["Subject"]!.GetValue<string>());
        Assert.Equal("preferred", set["WebAuthnConfiguration"]!["UserVerification"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(set, await GetAsync()));

        var pool = (await _gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = _poolId }))["UserPool"]!;
        Assert.Equal("Your code is {####}", pool["SmsAuthenticationMessage"]!.GetValue<string>());
        Assert.Equal(SnsRole, pool["SmsConfiguration"]!["SnsCallerArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Set_replaces_the_whole_configuration()
    {
        await SetTotpAsync("ON");
        await _gatehouse.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = _poolId,
            MfaConfiguration = "OPTIONAL",
            EmailMfaConfiguration = new { Message = "Code: {####}", Subject = "Code" },
        });
        var config = await GetAsync();
        Assert.Null(config["SoftwareTokenMfaConfiguration"]);
        Assert.NotNull(config["EmailMfaConfiguration"]);

        var off = await _gatehouse.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = _poolId, WebAuthnConfiguration = new { RelyingPartyId = "example.com", UserVerification = "required" } });
        Assert.Equal("""{"MfaConfiguration":"OFF","WebAuthnConfiguration":{"RelyingPartyId":"example.com","UserVerification":"required"}}""", off.ToJsonString());
        Assert.True(JsonNode.DeepEquals(off, await GetAsync()));
    }

    [Theory]
    [InlineData("ON")]
    [InlineData("OPTIONAL")]
    public async Task Required_or_optional_MFA_needs_an_enabled_factor(string mode)
    {
        await SetTotpAsync("OPTIONAL");
        var before = await GetAsync();
        foreach (var body in new object[]
        {
            new { UserPoolId = _poolId, MfaConfiguration = mode },
            new { UserPoolId = _poolId, MfaConfiguration = mode, SoftwareTokenMfaConfiguration = new { Enabled = false } },
            new { UserPoolId = _poolId, MfaConfiguration = mode, WebAuthnConfiguration = new { RelyingPartyId = "example.com" } },
        })
        {
            var error = await _gatehouse.FailAsync("SetUserPoolMfaConfig", body, "InvalidParameterException");
            Assert.Equal("Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.", error.AwsMessage);
        }

        Assert.True(JsonNode.DeepEquals(before, await GetAsync()));
    }

    [Fact]
    public async Task Turning_MFA_off_while_configuring_a_factor_is_refused()
    {
        foreach (var body in new object[]
        {
            new { UserPoolId = _poolId, MfaConfiguration = "OFF", SoftwareTokenMfaConfiguration = new { Enabled = true } },
            new { UserPoolId = _poolId, SoftwareTokenMfaConfiguration = new { Enabled = false } },
            new { UserPoolId = _poolId, MfaConfiguration = "OFF", EmailMfaConfiguration = new { Message = "Code {####}", Subject = "Code" } },
            new { UserPoolId = _poolId, MfaConfiguration = "OFF", SmsMfaConfiguration = new { SmsAuthenticationMessage = "Code {####}" } },
        })
        {
            var error = await _gatehouse.FailAsync("SetUserPoolMfaConfig", body, "InvalidParameterException");
            Assert.Equal("Invalid MFA configuration given, can't turn off MFA and configure an MFA together.", error.AwsMessage);
        }

        Assert.Equal("""{"MfaConfiguration":"OFF"}""", (await GetAsync()).ToJsonString());
    }

    [Fact]
    public async Task Set_validates_its_members()
    {
        var error = await _gatehouse.FailAsync("SetUserPoolMfaConfig", new { UserPoolId = _poolId, MfaConfiguration = "REQUIRED" }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value 'REQUIRED' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]", error.AwsMessage);
        error = await _gatehouse.FailAsync("SetUserPoolMfaConfig", new { UserPoolId = _poolId, MfaConfiguration = "ON", SmsMfaConfiguration = new { SmsAuthenticationMessage = "no code here" } }, "InvalidParameterException");
        Assert.Contains("at 'smsMfaConfiguration.smsAuthenticationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern", error.AwsMessage);
        error = await _gatehouse.FailAsync("SetUserPoolMfaConfig", new { UserPoolId = _poolId, MfaConfiguration = "ON", EmailMfaConfiguration = new { Message = "Sign in", Subject = "Code" } }, "InvalidParameterException");
        Assert.Contains("at 'emailMfaConfiguration.message'", error.AwsMessage);
        error = await _gatehouse.FailAsync("SetUserPoolMfaConfig", new { UserPoolId = _poolId, MfaConfiguration = "ON", SmsMfaConfiguration = new { SmsConfiguration = new { ExternalId = "x" } } }, "InvalidParameterException");
        Assert.Contains("Value null at 'smsMfaConfiguration.smsConfiguration.snsCallerArn'", error.AwsMessage);
        error = await _gatehouse.FailAsync("SetUserPoolMfaConfig", new { UserPoolId = _poolId, WebAuthnConfiguration = new { UserVerification = "always" } }, "InvalidParameterException");
        Assert.Contains("at 'webAuthnConfiguration.userVerification' failed to satisfy constraint: Member must satisfy enum value set: [required, preferred]", error.AwsMessage);
        await _gatehouse.FailAsync("SetUserPoolMfaConfig", new { MfaConfiguration = "OFF" }, "InvalidParameterException");
        await _gatehouse.FailAsync("SetUserPoolMfaConfig", new { UserPoolId = "us-east-1_nothere12", MfaConfiguration = "OFF" }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("GetUserPoolMfaConfig", new { UserPoolId = "us-east-1_nothere12" }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("GetUserPoolMfaConfig", new { }, "InvalidParameterException");

        foreach (var member in new[] { "\"SoftwareTokenMfaConfiguration\":{\"Enabled\":\"yes\"}", "\"MfaConfiguration\":1", "\"EmailMfaConfiguration\":[]" })
        {
            var (status, json, _) = await _gatehouse.RawAsync("SetUserPoolMfaConfig", $$"""{"UserPoolId":"{{_poolId}}",{{member}}}""");
            Assert.Equal(400, status);
            Assert.Equal("SerializationException", json!["__type"]!.GetValue<string>());
        }

        Assert.Equal("""{"MfaConfiguration":"OFF"}""", (await GetAsync()).ToJsonString());
    }

    [Fact]
    public async Task Email_MFA_is_not_available_in_the_lite_tier()
    {
        await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = _poolId, UserPoolTier = "LITE" });
        await _gatehouse.FailAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = _poolId,
            MfaConfiguration = "OPTIONAL",
            EmailMfaConfiguration = new { Message = "Code {####}", Subject = "Code" },
        }, "FeatureUnavailableInTierException");
        Assert.Equal("""{"MfaConfiguration":"OFF"}""", (await GetAsync()).ToJsonString());
    }

    [Fact]
    public async Task UpdateUserPool_keeps_factors_while_MFA_stays_on_and_drops_them_when_it_goes_off()
    {
        await SetTotpAsync("ON");
        await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = _poolId, MfaConfiguration = "OPTIONAL" });
        Assert.Equal("""{"SoftwareTokenMfaConfiguration":{"Enabled":true},"MfaConfiguration":"OPTIONAL"}""", (await GetAsync()).ToJsonString());

        await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = _poolId });
        Assert.Equal("""{"MfaConfiguration":"OFF"}""", (await GetAsync()).ToJsonString());
    }

    [Fact]
    public async Task MFA_on_through_pool_settings_needs_an_SMS_configuration()
    {
        var error = await _gatehouse.FailAsync("UpdateUserPool", new { UserPoolId = _poolId, MfaConfiguration = "ON" }, "InvalidParameterException");
        Assert.Equal("SMS configuration and Auto verification for phone_number are required when MFA is required/optional", error.AwsMessage);
        await _gatehouse.FailAsync("CreateUserPool", new { PoolName = "strict", MfaConfiguration = "OPTIONAL" }, "InvalidParameterException");

        await _gatehouse.CallAsync("UpdateUserPool", new
        {
            UserPoolId = _poolId,
            MfaConfiguration = "ON",
            SmsAuthenticationMessage = "Code {####}",
            SmsConfiguration = new { SnsCallerArn = SnsRole },
            AutoVerifiedAttributes = new[] { "phone_number" },
        });
        var config = await GetAsync();
        Assert.Equal("ON", config["MfaConfiguration"]!.GetValue<string>());
        Assert.Equal("""{"SmsAuthenticationMessage":"Code {####}","SmsConfiguration":{"SnsCallerArn":"arn:aws:iam::123456789012:role/service-role/sms"}}""", config["SmsMfaConfiguration"]!.ToJsonString());

        var created = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "sms", MfaConfiguration = "ON", SmsConfiguration = new { SnsCallerArn = SnsRole } }))["UserPool"]!;
        Assert.Null(created["Mfa"]);
        var createdConfig = await _gatehouse.CallAsync("GetUserPoolMfaConfig", new { UserPoolId = created["Id"]!.GetValue<string>() });
        Assert.NotNull(createdConfig["SmsMfaConfiguration"]);
    }

    private Task<JsonNode> SetTotpAsync(string mode) =>
        _gatehouse.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = _poolId, MfaConfiguration = mode, SoftwareTokenMfaConfiguration = new { Enabled = true } });

    private Task<JsonNode> GetAsync() => _gatehouse.CallAsync("GetUserPoolMfaConfig", new { UserPoolId = _poolId });
}
