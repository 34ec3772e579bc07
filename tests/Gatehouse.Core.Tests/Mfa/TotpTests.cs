using System.Text;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tests.Mfa;

public sealed class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 6238 appendix B, SHA-1: the 8-digit values' last six digits are the same truncation mod 10^6.
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void Codes_match_the_RFC_6238_SHA1_vectors(long unixSeconds, string expected)
    {
        var instant = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        Assert.Equal(expected, Totp.Code(RfcSecret, instant));
        Assert.Equal(Totp.StepOf(instant), Totp.Verify(RfcSecret, expected, instant, 0));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_matches_RFC_4648_without_padding(string plain, string encoded)
    {
        Assert.Equal(encoded, Totp.Base32Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(plain, Encoding.ASCII.GetString(Totp.Base32Decode(encoded)!));
        Assert.Equal(plain, Encoding.ASCII.GetString(Totp.Base32Decode(encoded.ToLowerInvariant() + "===")!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("MZ1W")]
    [InlineData("MZ-W")]
    public void Base32_refuses_characters_outside_the_alphabet(string? text) => Assert.Null(Totp.Base32Decode(text));

    [Fact]
    public void Generated_secrets_are_32_base32_characters_of_20_random_bytes()
    {
        var first = Totp.GenerateSecret();
        Assert.Matches("^[A-Z2-7]{32}$", first);
        Assert.Equal(20, Totp.Base32Decode(first)!.Length);
        Assert.NotEqual(first, Totp.GenerateSecret());
    }

    [Fact]
    public void One_step_of_skew_either_way_is_accepted_and_no_more()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepOf(now);
        Assert.Equal(step - 1, Totp.Verify(RfcSecret, Totp.Code(RfcSecret, step - 1), now, 0));
        Assert.Equal(step + 1, Totp.Verify(RfcSecret, Totp.Code(RfcSecret, step + 1), now, 0));
        Assert.Null(Totp.Verify(RfcSecret, Totp.Code(RfcSecret, step - 2), now, 0));
        Assert.Null(Totp.Verify(RfcSecret, Totp.Code(RfcSecret, step + 2), now, 0));
    }

    [Fact]
    public void A_code_is_never_accepted_twice_nor_an_older_one_after_a_newer()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepOf(now);
        var code = Totp.Code(RfcSecret, step);
        Assert.Equal(step, Totp.Verify(RfcSecret, code, now, 0));
        Assert.Null(Totp.Verify(RfcSecret, code, now, step));
        Assert.Null(Totp.Verify(RfcSecret, Totp.Code(RfcSecret, step - 1), now, step));
        Assert.Equal(step + 1, Totp.Verify(RfcSecret, Totp.Code(RfcSecret, step + 1), now, step));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData(" 12345")]
    [InlineData("١٢٣٤٥٦")]
    public void Malformed_codes_are_refused(string? code)
    {
        Assert.False(Totp.IsWellFormed(code));
        Assert.Null(Totp.Verify(RfcSecret, code, DateTimeOffset.FromUnixTimeSeconds(59), 0));
    }

    [Fact]
    public void SoftwareTokens_seal_the_secret_verify_the_pending_one_and_then_the_verified_one()
    {
        var tokens = new SoftwareTokens(DataKey.FromBytes(new byte[DataKey.KeyBytes]));
        var user = new User { PoolId = "us-east-1_abc", Username = "alice" };
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var secret = tokens.Associate(user);
        var key = Totp.Base32Decode(secret);
        Assert.DoesNotContain(secret, user.Mfa!.PendingSoftwareTokenSecret!, StringComparison.Ordinal);
        Assert.False(SoftwareTokens.HasVerified(user));
        Assert.False(tokens.TryVerify(user, Totp.Code(key, now), now));

        var code = Totp.Code(key, now);
        Assert.False(tokens.VerifyPending(user, code == "000000" ? "111111" : "000000", "phone", now));
        Assert.True(tokens.VerifyPending(user, Totp.Code(key, now), "phone", now));
        Assert.True(SoftwareTokens.HasVerified(user));
        Assert.Null(user.Mfa.PendingSoftwareTokenSecret);
        Assert.Equal("phone", user.Mfa.SoftwareTokenName);

        var later = now.AddSeconds(30);
        Assert.False(tokens.TryVerify(user, code, now));
        Assert.True(tokens.TryVerify(user, Totp.Code(key, later), later));
        Assert.False(tokens.TryVerify(user, Totp.Code(key, later), later));
        Assert.Equal(Totp.StepOf(later), user.Mfa.LastSoftwareTokenStep);

        // A secret copied to another user does not open for them.
        var other = new User { PoolId = "us-east-1_abc", Username = "bob", Mfa = new UserMfa { SoftwareTokenSecret = user.Mfa.SoftwareTokenSecret } };
        Assert.False(tokens.TryVerify(other, Totp.Code(key, later.AddSeconds(30)), later.AddSeconds(30)));
        Assert.False(tokens.TryVerify(new User(), "123456", later));
    }
}
