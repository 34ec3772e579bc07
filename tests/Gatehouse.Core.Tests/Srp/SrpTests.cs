using System.Globalization;
using Gatehouse.Core.Auth.Srp;

namespace Gatehouse.Core.Tests.Srp;

public sealed class SrpTests
{
    private const string PoolId = "us-east-1_Ab12Cd34E";
    private const string PoolName = "Ab12Cd34E";
    private const string UserId = "7a1c9e2b-5f3d-4c8a-9b6e-0d2f4a8c1e3b";
    private const string Password = "Corr3ct-horse!";

    private readonly FakeClock _clock = new();
    private readonly byte[] _secretBlock = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);

    private string SecretBlockBase64 => Convert.ToBase64String(_secretBlock);

    [Fact]
    public void The_pool_name_is_what_follows_the_underscore() => Assert.Equal(PoolName, SrpVerifier.PoolName(PoolId));

    [Fact]
    public void The_group_is_RFC_5054_3072_with_k_from_the_padded_hex()
    {
        Assert.Equal(3072, (int)SrpGroup.N.GetBitLength());
        // The reference clients hash "00" + N + "02": padHex puts 00 before N's leading FF and 0 before g's "2".
        var k = System.Security.Cryptography.SHA256.HashData(Convert.FromHexString("00" + SrpGroup.NHex + "02"));
        Assert.Equal(SrpGroup.FromBytes(k), SrpGroup.K);
        Assert.Equal("00ff", ReferenceSrpClient.PadHex(255));
        Assert.Equal("00ff", SrpGroup.PadHex(255));
        Assert.Equal("0f", SrpGroup.PadHex(15));
        Assert.Equal("7f", SrpGroup.PadHex(127));
        Assert.Equal("0100", SrpGroup.PadHex(256));
    }

    [Fact]
    public void A_reference_client_signs_in()
    {
        var (session, client, timestamp, signature) = SignIn(Password);
        Assert.Equal(SrpClaimResult.Valid, Verify(session, client.SrpA, timestamp, signature));
    }

    [Fact]
    public void Many_sign_ins_succeed_whatever_the_leading_bytes()
    {
        // Random salts, B and A cover values whose top bit is set and values with a short leading byte.
        for (var i = 0; i < 20; i++)
        {
            var (session, client, timestamp, signature) = SignIn(Password);
            Assert.Equal(SrpClaimResult.Valid, Verify(session, client.SrpA, timestamp, signature));
        }
    }

    [Fact]
    public void A_session_resumed_from_its_secret_verifies_the_same_answer()
    {
        var verifier = SrpVerifier.Create(PoolName, UserId, Password);
        var first = SrpServerSession.Start(verifier);
        var stored = SrpVerifier.FromStored(verifier.Salt, verifier.Verifier);
        var resumed = SrpServerSession.Resume(stored, first.PrivateB);
        Assert.Equal(first.PublicBHex, resumed.PublicBHex);
        var client = new ReferenceSrpClient();
        var timestamp = SrpTimestamp.Format(_clock.GetUtcNow());
        var signature = client.Signature(PoolName, UserId, Password, first.PublicBHex, first.SaltHex, SecretBlockBase64, timestamp);
        Assert.Equal(SrpClaimResult.Valid, Verify(resumed, client.SrpA, timestamp, signature));
    }

    [Fact]
    public void A_wrong_password_fails()
    {
        var (session, client, timestamp, signature) = SignIn("Corr3ct-horse?");
        Assert.Equal(SrpClaimResult.InvalidSignature, Verify(session, client.SrpA, timestamp, signature));
    }

    [Fact]
    public void Another_user_id_or_pool_fails()
    {
        var (session, client, timestamp, signature) = SignIn(Password);
        Assert.Equal(SrpClaimResult.InvalidSignature,
            session.Verify(PoolName, "someone-else", client.SrpA, _secretBlock, timestamp, signature, _clock));
        Assert.Equal(SrpClaimResult.InvalidSignature,
            session.Verify("OtherPool", UserId, client.SrpA, _secretBlock, timestamp, signature, _clock));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("N")]
    [InlineData("2N")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("xyz")]
    [InlineData("-1")]
    [InlineData("0x12")]
    public void A_that_is_zero_mod_N_or_not_hex_is_rejected(string? a)
    {
        var (session, _, timestamp, signature) = SignIn(Password);
        var srpA = a switch
        {
            "N" => SrpGroup.NHex,
            "2N" => (SrpGroup.N * 2).ToString("x", CultureInfo.InvariantCulture),
            _ => a,
        };
        Assert.Equal(SrpClaimResult.InvalidA, Verify(session, srpA, timestamp, signature));
    }

    [Fact]
    public void A_tampered_signature_fails()
    {
        var (session, client, timestamp, signature) = SignIn(Password);
        var bytes = Convert.FromBase64String(signature);
        bytes[^1] ^= 1;
        Assert.Equal(SrpClaimResult.InvalidSignature, Verify(session, client.SrpA, timestamp, Convert.ToBase64String(bytes)));
        Assert.Equal(SrpClaimResult.InvalidSignature, Verify(session, client.SrpA, timestamp, "not base64!"));
        Assert.Equal(SrpClaimResult.InvalidSignature, Verify(session, client.SrpA, timestamp, Convert.ToBase64String(bytes[..16])));
        Assert.Equal(SrpClaimResult.InvalidSignature, Verify(session, client.SrpA, timestamp, null));
    }

    [Fact]
    public void A_tampered_secret_block_fails()
    {
        var (session, client, timestamp, signature) = SignIn(Password);
        var block = _secretBlock.ToArray();
        block[0] ^= 0x80;
        Assert.Equal(SrpClaimResult.InvalidSignature,
            session.Verify(PoolName, UserId, client.SrpA, block, timestamp, signature, _clock));
    }

    [Fact]
    public void Another_A_than_the_one_signed_with_fails()
    {
        var (session, _, timestamp, signature) = SignIn(Password);
        Assert.Equal(SrpClaimResult.InvalidSignature, Verify(session, new ReferenceSrpClient().SrpA, timestamp, signature));
    }

    [Fact]
    public void A_tampered_timestamp_fails()
    {
        var (session, client, timestamp, signature) = SignIn(Password);
        var other = SrpTimestamp.Format(_clock.GetUtcNow().AddSeconds(1));
        Assert.NotEqual(timestamp, other);
        Assert.Equal(SrpClaimResult.InvalidSignature, Verify(session, client.SrpA, other, signature));
    }

    [Fact]
    public void A_stale_or_future_timestamp_fails_even_when_correctly_signed()
    {
        var verifier = SrpVerifier.Create(PoolName, UserId, Password);
        var session = SrpServerSession.Start(verifier);
        var client = new ReferenceSrpClient();
        string Signed(DateTimeOffset at)
        {
            var ts = SrpTimestamp.Format(at);
            var sig = client.Signature(PoolName, UserId, Password, session.PublicBHex, session.SaltHex, SecretBlockBase64, ts);
            return Verify(session, client.SrpA, ts, sig).ToString();
        }

        var now = _clock.GetUtcNow();
        Assert.Equal("Valid", Signed(now.AddMinutes(-5)));
        Assert.Equal("Valid", Signed(now.AddMinutes(5)));
        Assert.Equal("InvalidTimestamp", Signed(now.AddMinutes(-5).AddSeconds(-1)));
        Assert.Equal("InvalidTimestamp", Signed(now.AddMinutes(5).AddSeconds(1)));

        // The same answer goes stale as the server's clock moves on.
        var ts = SrpTimestamp.Format(now);
        var signature = client.Signature(PoolName, UserId, Password, session.PublicBHex, session.SaltHex, SecretBlockBase64, ts);
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(SrpClaimResult.InvalidTimestamp, Verify(session, client.SrpA, ts, signature));
    }

    [Theory]
    [InlineData(2026, 8, 4, 9, 5, 7, "Tue Aug 4 09:05:07 UTC 2026")]
    [InlineData(2026, 11, 22, 23, 59, 59, "Sun Nov 22 23:59:59 UTC 2026")]
    [InlineData(2027, 1, 1, 0, 0, 0, "Fri Jan 1 00:00:00 UTC 2027")]
    public void Timestamps_format_and_parse_like_the_reference_clients(int y, int mo, int d, int h, int mi, int s, string text)
    {
        var instant = new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero);
        Assert.Equal(text, SrpTimestamp.Format(instant));
        Assert.Equal(text, SrpTimestamp.Format(instant.ToOffset(TimeSpan.FromHours(-7))));
        Assert.True(SrpTimestamp.TryParse(text, out var parsed));
        Assert.Equal(instant, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Wed Aug 4 09:05:07 UTC 2026")]
    [InlineData("Tue Aug 4 09:05:07 GMT 2026")]
    [InlineData("2026-08-04T09:05:07Z")]
    [InlineData("Tue Aug 4 9:05:07 UTC 2026")]
    public void Malformed_timestamps_do_not_parse(string? text) => Assert.False(SrpTimestamp.TryParse(text, out _));

    [Fact]
    public void A_timestamp_is_current_within_five_minutes_of_the_clock()
    {
        var now = _clock.GetUtcNow();
        Assert.True(SrpTimestamp.IsCurrent(SrpTimestamp.Format(now), _clock));
        Assert.True(SrpTimestamp.IsCurrent(SrpTimestamp.Format(now.AddMinutes(-5)), _clock));
        Assert.False(SrpTimestamp.IsCurrent(SrpTimestamp.Format(now.AddMinutes(-5).AddSeconds(-1)), _clock));
        Assert.False(SrpTimestamp.IsCurrent("garbage", _clock));
    }

    [Fact]
    public void Verifiers_are_salted_and_encoded_like_padHex()
    {
        var first = SrpVerifier.Create(PoolName, UserId, Password);
        var second = SrpVerifier.Create(PoolName, UserId, Password);
        Assert.NotEqual(first.SaltHex, second.SaltHex);
        Assert.NotEqual(first.Verifier, second.Verifier);
        foreach (var v in new[] { first, second })
        {
            Assert.Equal(ReferenceSrpClient.PadHex(SrpGroup.FromBytes(v.Salt)), v.SaltHex);
            Assert.Equal(ReferenceSrpClient.PadHex(v.V), Convert.ToHexStringLower(v.Verifier));
        }
    }

    [Fact]
    public void The_server_key_matches_the_client_key()
    {
        var verifier = SrpVerifier.Create(PoolName, UserId, Password);
        var session = SrpServerSession.Start(verifier);
        var client = new ReferenceSrpClient();
        var clientKey = client.PasswordAuthenticationKey(PoolName, UserId, Password, session.PublicBHex, session.SaltHex);
        Assert.Equal(clientKey, session.DeriveKey(client.LargeA));
        Assert.Equal(16, clientKey.Length);
    }

    private (SrpServerSession Session, ReferenceSrpClient Client, string Timestamp, string Signature) SignIn(string clientPassword)
    {
        var verifier = SrpVerifier.Create(PoolName, UserId, Password);
        var session = SrpServerSession.Start(verifier);
        var client = new ReferenceSrpClient();
        var timestamp = SrpTimestamp.Format(_clock.GetUtcNow());
        var signature = client.Signature(PoolName, UserId, clientPassword, session.PublicBHex, session.SaltHex,
            SecretBlockBase64, timestamp);
        return (session, client, timestamp, signature);
    }

    private SrpClaimResult Verify(SrpServerSession session, string? srpA, string timestamp, string? signature) =>
        session.Verify(PoolName, UserId, srpA, _secretBlock, timestamp, signature, _clock);

}
