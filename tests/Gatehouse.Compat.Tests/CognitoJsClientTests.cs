using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// The real Cognito JavaScript clients from npm, run by Node against the real server: amazon-cognito-identity-js and
/// aws-amplify v6 (node/identity-js-*.mjs, node/amplify-*.mjs). Both sign in with USER_SRP_AUTH by default, drive the
/// MFA challenges and remember devices with device SRP. Pools, clients and users are made with the real AWS CLI; TOTP
/// codes are computed by the scripts (RFC 6238) and email codes read from the outbox. Each script prints what it did
/// as JSON, including <c>calls</c>: every Cognito call and what it answered.
/// </summary>
[Trait("Category", "Compat")]
public sealed class CognitoJsClientTests(GatehouseFixture fixture, ITestOutputHelper output) : IClassFixture<GatehouseFixture>
{
    private const string Password = "Passw0rd!";

    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task Identity_js_authenticateUser_signs_in_with_SRP_refreshes_and_a_wrong_password_is_NotAuthorized()
    {
        var (poolId, clientId) = await CreatePoolAsync();
        var sub = await CreateUserAsync(poolId, "alice", "alice@example.com");

        var result = await RunAsync("identity-js-srp.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "alice", "--password", Password);

        var signedIn = result["signedIn"]!;
        Assert.True(signedIn["valid"]!.GetValue<bool>());
        Assert.True(signedIn["hasRefreshToken"]!.GetValue<bool>());
        await TokenChecks.VerifyAsync(_server, poolId, clientId, result["authenticationResult"]!, new ExpectedUser("alice", sub, "alice@example.com", true));

        var refreshed = result["refreshed"]!;
        Assert.True(refreshed["valid"]!.GetValue<bool>());
        Assert.True(refreshed["accessTokenChanged"]!.GetValue<bool>());
        Assert.Equal(sub, refreshed["access"]!["sub"]!.GetValue<string>());

        Assert.Equal("NotAuthorizedException", result["wrongPassword"]!["name"]!.GetValue<string>());
        Assert.Equal("Incorrect username or password.", result["wrongPassword"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Both_clients_sign_in_with_SRP_by_email_where_the_email_is_the_username()
    {
        // USER_ID_FOR_SRP is the internal username (the sub here): the clients must hash with it, not the email typed.
        var (poolId, clientId) = await CreatePoolAsync(emailAsUsername: true);
        var sub = await CreateUserAsync(poolId, "gina@example.com", email: null);

        var identityJs = await RunAsync("identity-js-srp.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "gina@example.com", "--password", Password);
        Assert.Equal(sub, identityJs["signedIn"]!["access"]!["username"]!.GetValue<string>());
        Assert.Equal("gina@example.com", identityJs["signedIn"]!["id"]!["email"]!.GetValue<string>());
        Assert.Equal("NotAuthorizedException", identityJs["wrongPassword"]!["name"]!.GetValue<string>());

        var amplify = await RunAsync(
            "amplify-sign-up-sign-in.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "hal@example.com", "--password", Password,
            "--email", "hal@example.com");
        var userId = amplify["signUp"]!["userId"]!.GetValue<string>();
        Assert.Equal(userId, amplify["session"]!["access"]!["username"]!.GetValue<string>());
        Assert.Equal("hal@example.com", amplify["session"]!["id"]!["email"]!.GetValue<string>());
        Assert.Contains("RespondToAuthChallenge(PASSWORD_VERIFIER) -> 200 tokens", Strings(amplify["calls"]));
    }

    [Fact]
    public async Task Identity_js_completes_a_new_password_sets_up_TOTP_and_answers_totpRequired()
    {
        var (poolId, clientId) = await CreatePoolAsync(mfa: "OPTIONAL");
        (await _server.CognitoIdpAsync(
            "admin-create-user", "--user-pool-id", poolId, "--username", "bruno", "--message-action", "SUPPRESS", "--temporary-password", "Temp0rary!",
            "--user-attributes", "Name=email,Value=bruno@example.com", "Name=email_verified,Value=true")).Succeeded();

        var result = await RunAsync(
            "identity-js-new-password-totp.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "bruno",
            "--temporary-password", "Temp0rary!", "--new-password", Password);

        Assert.Equal("bruno@example.com", result["newPasswordRequired"]!["userAttributes"]!["email"]!.GetValue<string>());
        Assert.Equal("bruno", result["afterNewPassword"]!["access"]!["username"]!.GetValue<string>());
        Assert.Equal("SUCCESS", result["verifySoftwareToken"]!["Status"]!.GetValue<string>());
        Assert.Equal("SOFTWARE_TOKEN_MFA", result["userData"]!["PreferredMfaSetting"]!.GetValue<string>());
        Assert.Equal(["SOFTWARE_TOKEN_MFA"], Strings(result["userData"]!["UserMFASettingList"]));
        Assert.Equal("SOFTWARE_TOKEN_MFA", result["totpRequired"]!["challengeName"]!.GetValue<string>());
        Assert.True(result["signedIn"]!["valid"]!.GetValue<bool>());
        Assert.Equal("bruno", result["signedIn"]!["access"]!["username"]!.GetValue<string>());

        // The administrator sees what the user set up.
        var user = (await _server.CognitoIdpAsync("admin-get-user", "--user-pool-id", poolId, "--username", "bruno")).Json();
        Assert.Equal("CONFIRMED", user["UserStatus"]!.GetValue<string>());
        Assert.Equal("SOFTWARE_TOKEN_MFA", user["PreferredMfaSetting"]?.GetValue<string>());
        Assert.Equal(["SOFTWARE_TOKEN_MFA"], Strings(user["UserMFASettingList"]));
    }

    [Fact]
    public async Task Amplify_signs_up_confirms_with_the_outbox_code_signs_in_with_SRP_and_signs_out()
    {
        var (poolId, clientId) = await CreatePoolAsync();

        var result = await RunAsync(
            "amplify-sign-up-sign-in.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "carmen", "--password", Password,
            "--email", "carmen@example.com");

        Assert.Equal("CONFIRM_SIGN_UP", result["signUp"]!["step"]!.GetValue<string>());
        Assert.Equal("EMAIL", result["signUp"]!["codeDeliveryDetails"]!["deliveryMedium"]!.GetValue<string>());
        Assert.Equal("DONE", result["confirmSignUp"]!["step"]!.GetValue<string>());
        Assert.Equal("DONE", result["signIn"]!["step"]!.GetValue<string>());
        var calls = Strings(result["calls"]);
        Assert.Contains("InitiateAuth(USER_SRP_AUTH) -> 200 PASSWORD_VERIFIER", calls);
        Assert.Contains("RespondToAuthChallenge(PASSWORD_VERIFIER) -> 200 tokens", calls);

        var session = result["session"]!;
        Assert.True(session["hasAccessToken"]!.GetValue<bool>());
        Assert.True(session["hasIdToken"]!.GetValue<bool>());
        Assert.Equal(result["signUp"]!["userId"]!.GetValue<string>(), session["userSub"]!.GetValue<string>());
        Assert.Equal("carmen", session["access"]!["username"]!.GetValue<string>());
        Assert.Equal("carmen@example.com", session["id"]!["email"]!.GetValue<string>());
        Assert.Equal("carmen", result["currentUser"]!["username"]!.GetValue<string>());
        Assert.False(result["afterSignOut"]!["hasAccessToken"]!.GetValue<bool>());
    }

    [SkippableFact]
    public async Task Amplify_refreshes_its_tokens_with_GetTokensFromRefreshToken()
    {
        // Amplify 6.22 no longer refreshes with InitiateAuth REFRESH_TOKEN_AUTH: an app whose access token expires calls
        // GetTokensFromRefreshToken (ClientId, RefreshToken, DeviceKey). The script forces that refresh.
        var (poolId, clientId) = await CreatePoolAsync();

        var result = await RunAsync(
            "amplify-sign-up-sign-in.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "kai", "--password", Password,
            "--email", "kai@example.com");

        var refresh = result["refresh"]!;
        Skip.If(
            refresh["failure"]?["name"]?.GetValue<string>() == "UnknownOperationException",
            "GetTokensFromRefreshToken is not implemented: Amplify's fetchAuthSession({ forceRefresh: true }) got UnknownOperationException.");
        Assert.Null(refresh["failure"]);
        Assert.Contains("GetTokensFromRefreshToken -> 200 tokens", Strings(result["calls"]));
        Assert.True(refresh["accessTokenChanged"]!.GetValue<bool>());
        Assert.Equal("kai", refresh["access"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Amplify_walks_through_TOTP_setup_then_a_TOTP_code_when_the_pool_requires_TOTP()
    {
        var (poolId, clientId) = await CreatePoolAsync(mfa: "ON");
        await CreateUserAsync(poolId, "dmitri", "dmitri@example.com");

        var result = await RunAsync("amplify-totp.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "dmitri", "--password", Password);

        Assert.Equal("CONTINUE_SIGN_IN_WITH_TOTP_SETUP", result["signIn1"]!["step"]!.GetValue<string>());
        Assert.True(result["signIn1"]!["hasSharedSecret"]!.GetValue<bool>());
        Assert.StartsWith("otpauth://totp/", result["setupUri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("DONE", result["confirmSignIn1"]!["step"]!.GetValue<string>());
        Assert.True(result["session1"]!["hasAccessToken"]!.GetValue<bool>());
        Assert.Equal(["TOTP"], Strings(result["mfaPreference"]!["enabled"]));
        Assert.Equal("CONFIRM_SIGN_IN_WITH_TOTP_CODE", result["signIn2"]!["step"]!.GetValue<string>());
        Assert.Equal("DONE", result["confirmSignIn2"]!["step"]!.GetValue<string>());
        Assert.Equal("dmitri", result["session2"]!["access"]!["username"]!.GetValue<string>());

        var calls = Strings(result["calls"]);
        Assert.Contains("RespondToAuthChallenge(PASSWORD_VERIFIER) -> 200 MFA_SETUP", calls);
        Assert.Contains("AssociateSoftwareToken -> 200", calls);
        Assert.Contains("VerifySoftwareToken -> 200", calls);
        Assert.Contains("RespondToAuthChallenge(MFA_SETUP) -> 200 tokens", calls);
        Assert.Contains("RespondToAuthChallenge(PASSWORD_VERIFIER) -> 200 SOFTWARE_TOKEN_MFA", calls);
        Assert.Contains("RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) -> 200 tokens", calls);
    }

    [Fact]
    public async Task Identity_js_answers_mfaRequired_with_the_SMS_code_from_the_outbox()
    {
        var (poolId, clientId) = await CreatePoolAsync(mfa: "ON", mfaFactor: "sms");
        (await _server.CognitoIdpAsync(
            "admin-create-user", "--user-pool-id", poolId, "--username", "greta", "--message-action", "SUPPRESS",
            "--user-attributes", "Name=phone_number,Value=+15555550142", "Name=phone_number_verified,Value=true")).Succeeded();
        (await _server.CognitoIdpAsync("admin-set-user-password", "--user-pool-id", poolId, "--username", "greta", "--password", Password, "--permanent")).Succeeded();

        var result = await RunAsync("identity-js-sms-mfa.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "greta", "--password", Password);

        Assert.Equal("SMS_MFA", result["mfaRequired"]!["challengeName"]!.GetValue<string>());
        Assert.Equal("SMS", result["mfaRequired"]!["challengeParameters"]!["CODE_DELIVERY_DELIVERY_MEDIUM"]!.GetValue<string>());
        Assert.Equal("+*******0142", result["mfaRequired"]!["challengeParameters"]!["CODE_DELIVERY_DESTINATION"]!.GetValue<string>());
        Assert.Equal("greta", result["signedIn"]!["access"]!["username"]!.GetValue<string>());
        Assert.Contains("RespondToAuthChallenge(SMS_MFA) -> 200 tokens", Strings(result["calls"]));
    }

    [Fact]
    public async Task Amplify_confirms_sign_in_with_the_emailed_code_from_the_outbox()
    {
        var (poolId, clientId) = await CreatePoolAsync(mfa: "ON", mfaFactor: "email");
        await CreateUserAsync(poolId, "hugo", "hugo@example.com");

        var result = await RunAsync("amplify-email-otp.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "hugo", "--password", Password);

        Assert.Equal("CONFIRM_SIGN_IN_WITH_EMAIL_CODE", result["signIn"]!["step"]!.GetValue<string>());
        Assert.Equal("EMAIL", result["signIn"]!["codeDeliveryDetails"]!["deliveryMedium"]!.GetValue<string>());
        Assert.Equal("h***@e***", result["signIn"]!["codeDeliveryDetails"]!["destination"]!.GetValue<string>());
        Assert.Equal("DONE", result["confirmSignIn"]!["step"]!.GetValue<string>());
        Assert.Equal("hugo", result["session"]!["access"]!["username"]!.GetValue<string>());
        Assert.Contains("RespondToAuthChallenge(EMAIL_OTP) -> 200 tokens", Strings(result["calls"]));
    }

    /// <summary>
    /// TOTP (set up by the script, in an OPTIONAL pool) as the brief's scenario; SMS (codes from the outbox, in an ON
    /// pool) keeps device SRP covered independently of the TOTP actions.
    /// </summary>
    [Theory]
    [InlineData("totp")]
    [InlineData("sms")]
    public async Task Identity_js_remembers_the_device_and_its_next_sign_in_skips_MFA(string factor)
    {
        var (poolId, clientId) = await CreatePoolAsync(mfa: factor == "sms" ? "ON" : "OPTIONAL", devices: true, mfaFactor: factor);
        await CreateUserAsync(poolId, "elena", "elena@example.com", phone: factor == "sms" ? "+15555550143" : null);

        var result = await RunAsync(
            "identity-js-device.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "elena", "--password", Password, "--mfa", factor);

        var first = result["firstSignIn"]!;
        var deviceKey = first["deviceKey"]!.GetValue<string>();
        Assert.StartsWith("us-east-1_", deviceKey, StringComparison.Ordinal);
        Assert.Equal(deviceKey, first["session"]!["access"]!["device_key"]!.GetValue<string>());
        Assert.Equal(["deviceGroupKey", "deviceKey", "randomPasswordKey"], Strings(first["storedDeviceItems"]));
        Assert.Contains($"RespondToAuthChallenge({(factor == "sms" ? "SMS_MFA" : "SOFTWARE_TOKEN_MFA")}) -> 200 tokens+NewDeviceMetadata", Strings(result["calls"]));
        Assert.Contains("ConfirmDevice -> 200", Strings(result["calls"]));

        var second = result["secondSignIn"]!;
        var calls = Strings(second["calls"]);
        Assert.Equal(
            [
                "InitiateAuth(USER_SRP_AUTH) -> 200 PASSWORD_VERIFIER",
                "RespondToAuthChallenge(PASSWORD_VERIFIER) -> 200 DEVICE_SRP_AUTH",
                "RespondToAuthChallenge(DEVICE_SRP_AUTH) -> 200 DEVICE_PASSWORD_VERIFIER",
                "RespondToAuthChallenge(DEVICE_PASSWORD_VERIFIER) -> 200 tokens",
            ],
            calls);
        Assert.Equal(deviceKey, second["session"]!["access"]!["device_key"]!.GetValue<string>());

        var device = result["devices"]!.AsArray().Single(d => d!["DeviceKey"]!.GetValue<string>() == deviceKey)!;
        Assert.Equal("remembered", device["remembered"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", device["lastIpUsed"]!.GetValue<string>());

        // forgetDevice: the library dropped its keys, the next sign-in was asked for MFA again, and the device is gone.
        Assert.Contains("ForgetDevice -> 200", Strings(result["calls"]));
        Assert.Equal(0, result["afterForget"]!["storedDeviceItems"]!.GetValue<int>());
        Assert.Equal(factor == "sms" ? "mfaRequired" : "totpRequired", result["afterForget"]!["outcome"]!.GetValue<string>());
        var forgotten = (await _server.CognitoIdpAsync("admin-get-device", "--user-pool-id", poolId, "--username", "elena", "--device-key", deviceKey)).Failed();
        Assert.Contains("ResourceNotFoundException", forgotten.Stderr, StringComparison.Ordinal);
    }

    /// <summary>TOTP set up at the first sign-in (MFA_SETUP), as the brief's scenario; email OTP covers device SRP on its own.</summary>
    [Theory]
    [InlineData("totp")]
    [InlineData("email")]
    public async Task Amplify_remembers_the_device_and_its_next_sign_in_skips_MFA(string factor)
    {
        var (poolId, clientId) = await CreatePoolAsync(mfa: "ON", devices: true, mfaFactor: factor);
        await CreateUserAsync(poolId, "farid", "farid@example.com");

        var result = await RunAsync(
            "amplify-device.mjs", "--pool-id", poolId, "--client-id", clientId, "--username", "farid", "--password", Password, "--mfa", factor);

        var deviceKey = result["session1"]!["access"]!["device_key"]!.GetValue<string>();
        Assert.Contains("ConfirmDevice -> 200", Strings(result["calls"]));
        Assert.Contains("UpdateDeviceStatus -> 200", Strings(result["calls"]));
        var device = result["devices"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == deviceKey)!;
        Assert.Equal("remembered", device["remembered"]!.GetValue<string>());

        Assert.Equal("DONE", result["signIn2"]!["step"]!.GetValue<string>());
        Assert.Equal(
            [
                "InitiateAuth(USER_SRP_AUTH) -> 200 PASSWORD_VERIFIER",
                "RespondToAuthChallenge(PASSWORD_VERIFIER) -> 200 DEVICE_SRP_AUTH",
                "RespondToAuthChallenge(DEVICE_SRP_AUTH) -> 200 DEVICE_PASSWORD_VERIFIER",
                "RespondToAuthChallenge(DEVICE_PASSWORD_VERIFIER) -> 200 tokens",
            ],
            Strings(result["signIn2"]!["calls"]));
        Assert.Equal(deviceKey, result["session2"]!["access"]!["device_key"]!.GetValue<string>());
    }

    /// <summary>
    /// A pool with email auto-verified, MFA by <paramref name="mfaFactor"/> (totp, email or sms) when
    /// <paramref name="mfa"/> is not OFF, remembered devices when <paramref name="devices"/>, and a public client for SRP.
    /// </summary>
    private async Task<(string PoolId, string ClientId)> CreatePoolAsync(
        string mfa = "OFF", bool devices = false, bool emailAsUsername = false, string mfaFactor = "totp")
    {
        List<string> create = ["create-user-pool", "--pool-name", Unique.Name("js"), "--auto-verified-attributes", "email"];
        if (emailAsUsername)
        {
            create.AddRange(["--username-attributes", "email"]);
        }

        if (devices)
        {
            create.AddRange(["--device-configuration", "ChallengeRequiredOnNewDevice=true,DeviceOnlyRememberedOnUserPrompt=false"]);
        }

        var poolId = (await _server.CognitoIdpAsync([.. create])).Json()["UserPool"]!["Id"]!.GetValue<string>();
        if (mfa != "OFF")
        {
            // As JSON: the CLI's shorthand cannot hold the {####} placeholder.
            var factor = mfaFactor switch
            {
                "totp" => (string[])["--software-token-mfa-configuration", """{"Enabled":true}"""],
                "email" => ["--email-mfa-configuration", """{"Message":"Your sign-in code is {####}","Subject":"Sign-in code"}"""],
                "sms" => ["--sms-mfa-configuration", """{"SmsAuthenticationMessage":"Your code is {####}","SmsConfiguration":{"SnsCallerArn":"arn:aws:iam::123456789012:role/service-role/sms"}}"""],
                _ => throw new ArgumentOutOfRangeException(nameof(mfaFactor), mfaFactor, null),
            };
            (await _server.CognitoIdpAsync(["set-user-pool-mfa-config", "--user-pool-id", poolId, .. factor, "--mfa-configuration", mfa])).Succeeded();
        }

        var clientId = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "js", "--no-generate-secret",
            "--explicit-auth-flows", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        return (poolId, clientId);
    }

    /// <summary>
    /// A confirmed user with a verified email (and phone number, when given) and <see cref="Password"/>; returns its
    /// sub. In an email-as-username pool the username is the email, so <paramref name="email"/> is null.
    /// </summary>
    private async Task<string> CreateUserAsync(string poolId, string username, string? email, string? phone = null)
    {
        List<string> attributes = email is null ? ["Name=email_verified,Value=true"] : [$"Name=email,Value={email}", "Name=email_verified,Value=true"];
        if (phone is not null)
        {
            attributes.AddRange([$"Name=phone_number,Value={phone}", "Name=phone_number_verified,Value=true"]);
        }

        var user = (await _server.CognitoIdpAsync(
            ["admin-create-user", "--user-pool-id", poolId, "--username", username, "--message-action", "SUPPRESS", "--user-attributes", .. attributes])).Json();
        (await _server.CognitoIdpAsync("admin-set-user-password", "--user-pool-id", poolId, "--username", username, "--password", Password, "--permanent")).Succeeded();
        return user["User"]!["Attributes"]!.AsArray().Single(a => a!["Name"]!.GetValue<string>() == "sub")!["Value"]!.GetValue<string>();
    }

    private async Task<JsonNode> RunAsync(string script, params string[] args)
    {
        var run = await _server.NodeAsync(script, args);
        output.WriteLine(run.ToString());
        return run.Json();
    }

    private static List<string> Strings(JsonNode? array) => array?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
}
