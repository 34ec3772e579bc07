
namespace Gatehouse.Compat.Tests;

/// <summary>TOTP set-up with the real AWS CLI: associate-software-token, verify-software-token, set-user-mfa-preference, get-user.</summary>
[Trait("Category", "Compat")]
public sealed class SoftwareTokenCliTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task A_user_sets_up_an_authenticator_and_prefers_it()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("cli-totp"))).Json()["UserPool"]!["Id"]!.GetValue<string>();
        (await _server.CognitoIdpAsync("set-user-pool-mfa-config", "--user-pool-id", poolId, "--mfa-configuration", "OPTIONAL",
            "--software-token-mfa-configuration", "Enabled=true")).Succeeded();
        var clientId = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "web",
            "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        (await _server.CognitoIdpAsync("admin-create-user", "--user-pool-id", poolId, "--username", "alice", "--message-action", "SUPPRESS")).Succeeded();
        (await _server.CognitoIdpAsync("admin-set-user-password", "--user-pool-id", poolId, "--username", "alice", "--password", "Passw0rd!", "--permanent")).Succeeded();
        var accessToken = (await _server.CognitoIdpAsync(
            "initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId,
            "--auth-parameters", "USERNAME=alice,PASSWORD=Passw0rd!")).Json()["AuthenticationResult"]!["AccessToken"]!.GetValue<string>();

        // Enabling before an authenticator is verified is refused.
        var refused = (await _server.CognitoIdpAsync("set-user-mfa-preference", "--access-token", accessToken,
            "--software-token-mfa-settings", "Enabled=true,PreferredMfa=true")).Failed();
        Assert.Contains("(InvalidParameterException)", refused.Stderr, StringComparison.Ordinal);

        var secret = (await _server.CognitoIdpAsync("associate-software-token", "--access-token", accessToken)).Json()["SecretCode"]!.GetValue<string>();
        Assert.Matches("^[A-Z2-7]{32}$", secret);

        var wrong = (await _server.CognitoIdpAsync("verify-software-token", "--access-token", accessToken, "--user-code", ReferenceTotp.Wrong(Code(secret)))).Failed();
        Assert.Contains("(EnableSoftwareTokenMFAException)", wrong.Stderr, StringComparison.Ordinal);
        Assert.Contains("Code mismatch and fail enable Software Token MFA", wrong.Stderr, StringComparison.Ordinal);

        var verified = (await _server.CognitoIdpAsync("verify-software-token", "--access-token", accessToken,
            "--user-code", Code(secret), "--friendly-device-name", "phone")).Json();
        Assert.Equal("SUCCESS", verified["Status"]!.GetValue<string>());

        (await _server.CognitoIdpAsync("set-user-mfa-preference", "--access-token", accessToken,
            "--software-token-mfa-settings", "Enabled=true,PreferredMfa=true")).Succeeded();

        var me = (await _server.CognitoIdpAsync("get-user", "--access-token", accessToken)).Json();
        Assert.Equal(["SOFTWARE_TOKEN_MFA"], me["UserMFASettingList"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("SOFTWARE_TOKEN_MFA", me["PreferredMfaSetting"]!.GetValue<string>());
        var admin = (await _server.CognitoIdpAsync("admin-get-user", "--user-pool-id", poolId, "--username", "alice")).Json();
        Assert.Equal("SOFTWARE_TOKEN_MFA", admin["PreferredMfaSetting"]!.GetValue<string>());
    }

    private static string Code(string base32) => ReferenceTotp.Code(base32, ReferenceTotp.StepOf(DateTimeOffset.UtcNow));
}
