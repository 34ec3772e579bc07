using System.Security.Cryptography;
using Gatehouse.Core.Tokens;

namespace Gatehouse.Core.Tests;

public sealed class JwtTests
{
    [Fact]
    public void Signed_tokens_parse_and_verify_only_with_their_key()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var token = Jwt.Sign(key, "kid+/=", """{"sub":"x","phone":"+15551234567"}"""u8);
        var parsed = Jwt.Parse(token)!;
        Assert.Equal("kid+/=", parsed.Header.Kid);
        Assert.Equal("RS256", parsed.Header.Alg);
        Assert.Equal("+15551234567", parsed.Payload.GetProperty("phone").GetString());
        Assert.True(Jwt.VerifySignature(key, parsed));
        Assert.False(Jwt.VerifySignature(other, parsed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("...")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("e30.e30.")]
    [InlineData("e30.W10.c2ln")]
    [InlineData("!!!.e30.c2ln")]
    [InlineData("bnVsbA.e30.c2ln")]
    public void Malformed_tokens_do_not_parse(string token) => Assert.Null(Jwt.Parse(token));

    [Fact]
    public void Oversized_tokens_are_refused_before_decoding() => Assert.Null(Jwt.Parse(new string('a', 20_000) + ".e30.c2ln"));
}
