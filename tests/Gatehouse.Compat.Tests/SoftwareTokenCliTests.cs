using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

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

        var wrong = (await _server.CognitoIdpAsync("verify-software-token", "--access-token", accessToken, "--user-code", Wrong(Code(secret)))).Failed();
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

    // RFC 6238 written out here rather than taken from Gatehouse, so the server is checked against a second implementation.
    private static string Code(string base32)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in base32)
        {
            buffer = (buffer << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }

            buffer &= (1 << bits) - 1;
        }

        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(bytes.ToArray(), counter);
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static string Wrong(string code) => code == "000000" ? "111111" : "000000";
}
