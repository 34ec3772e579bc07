using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Tokens;
using static Gatehouse.Core.Tests.Gateway.LocalPools;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>
/// Issue 4's list of bad tokens, each against a Cognito authorizer (REST) and a JWT authorizer (HTTP API) that trust
/// pool A: every one is refused, and nothing is fetched from the network for any of them.
/// </summary>
public sealed class TokenForgeryTests : IAsyncLifetime
{
    private LocalPools _pools = null!;
    private CognitoUserPoolsAuthorizer _cognito = null!;
    private JwtAuthorizer _jwt = null!;
    private PoolKeys _keys = null!;
    private string _idToken = "";
    private long _now;

    public async Task InitializeAsync()
    {
        _pools = await CreateAsync();
        _cognito = new CognitoUserPoolsAuthorizer(new CognitoAuthorizerSettings("method.request.header.Authorization", [Arn(PoolA)]), _pools.Verifier);
        _jwt = new JwtAuthorizer(JwtAuthorizerSettings.ForHttpApi(AwsIssuer(PoolA), [ClientA]), _pools.Verifier);
        _keys = await _pools.KeysOfAsync(PoolA);
        _idToken = (await _pools.SignInAsync(PoolA, ClientA)).IdToken!;
        _now = _pools.Clock.GetUtcNow().ToUnixTimeSeconds();
    }

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    private string Header(string alg = "RS256", string? kid = null) => $$"""{"kid":"{{kid ?? _keys.Id.Kid}}","alg":"{{alg}}"}""";

    private string Payload(string use = "id", string aud = ClientA, string pool = PoolA, long? exp = null, string extra = "") =>
        $$"""{"sub":"s","iss":"{{PublicUrl}}/{{pool}}","aud":"{{aud}}","client_id":"{{aud}}","token_use":"{{use}}","exp":{{exp ?? _now + 3600}},"iat":{{_now}}{{extra}}}""";

    /// <summary>The token is refused by both authorizers (with or without scopes), and never fetched for.</summary>
    private async Task AssertRefused(string token, string jwtDescription)
    {
        Assert.False((await Authorize(_cognito, token)).IsAllowed);
        Assert.False((await Authorize(_cognito, token, "aws.cognito.signin.user.admin")).IsAllowed);
        var deny = Assert.IsType<AuthorizerDeny>(await Authorize(_jwt, token));
        Assert.Equal(401, deny.StatusCode);
        Assert.Contains($"error_description=\"{jwtDescription}\"", deny.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Equal(0, _pools.NetworkCalls);
    }

    private static Task<AuthorizerDecision> Authorize(IAuthorizer authorizer, string token, params string[] scopes) =>
        authorizer.AuthorizeAsync(WithAuthorization("Bearer " + token), AuthorizationRequirements.ForScopes(scopes), CancellationToken.None).AsTask();

    [Fact]
    public async Task The_genuine_token_passes_both() // the baseline the forgeries below are variations of
    {
        Assert.True((await Authorize(_cognito, _idToken)).IsAllowed);
        Assert.True((await Authorize(_jwt, _idToken)).IsAllowed);
        Assert.True((await Authorize(_cognito, Forge(Header(), Payload(), _keys.Id.Rsa))).IsAllowed);
    }

    [Fact]
    public async Task Alg_none()
    {
        var unsigned = Forge(Header(alg: "none"), Payload(), signer: null);
        await AssertRefused(unsigned, "the token is not a valid JWT"); // "x.y." has no signature part at all
        await AssertRefused(unsigned + "c2ln", "the token does not have a valid signature");
        await AssertRefused(Forge(Header(alg: "None"), Payload(), _keys.Id.Rsa), "the token does not have a valid signature");
    }

    [Fact]
    public async Task HS256_signed_with_the_public_key()
    {
        // The classic confusion: a verifier that feeds the RSA public key to HMAC would accept this.
        var input = $"{B64(Header(alg: "HS256"))}.{B64(Payload())}";
        foreach (var secret in new[] { Encoding.ASCII.GetBytes(_keys.Id.Rsa.ExportSubjectPublicKeyInfoPem()), _keys.Id.Rsa.ExportRSAPublicKey() })
        {
            var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input));
            await AssertRefused($"{input}.{Base64Url.EncodeToString(mac)}", "the token does not have a valid signature");
        }
    }

    [Fact]
    public async Task A_wrong_kid()
    {
        // The fixture's pools hold the factory's first four keys.
        var factory = TestKeys.Factory();
        for (var i = 0; i < 5; i++)
        {
            factory().Dispose();
        }

        using var stranger = factory();
        await AssertRefused(Forge(Header(kid: "not-a-key-of-the-pool"), Payload(), _keys.Id.Rsa), "the token was signed by an unknown key");
        // The pool's kid, but a key of someone else.
        await AssertRefused(Forge(Header(), Payload(), stranger), "the token does not have a valid signature");
        // The access key's kid on a token signed with the ID key.
        await AssertRefused(Forge(Header(kid: _keys.Access.Kid), Payload(), _keys.Id.Rsa), "the token does not have a valid signature");
    }

    [Fact]
    public async Task A_signature_with_flipped_bits()
    {
        var parts = _idToken.Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        foreach (var bit in new[] { 0, 7, 1000, signature.Length * 8 - 1 })
        {
            var flipped = (byte[])signature.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            await AssertRefused($"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(flipped)}", "the token does not have a valid signature");
        }
    }

    [Fact]
    public async Task A_payload_changed_after_signing()
    {
        var parts = _idToken.Split('.');
        var payload = PayloadOf(_idToken).Replace("\"sub-alice\"", "\"sub-admin\"", StringComparison.Ordinal);
        await AssertRefused($"{parts[0]}.{B64(payload)}.{parts[2]}", "the token does not have a valid signature");
    }

    [Fact]
    public async Task A_token_from_another_pool()
    {
        var other = (await _pools.SignInAsync(PoolB, ClientA)).IdToken!;
        await AssertRefused(other, "the token does not have a valid issuer");
        // Pool B's key, but claiming pool A as its issuer.
        var keysB = await _pools.KeysOfAsync(PoolB);
        await AssertRefused(Forge(Header(kid: keysB.Id.Kid), Payload(), keysB.Id.Rsa), "the token was signed by an unknown key");
    }

    [Fact]
    public async Task An_expired_token()
    {
        var expired = Forge(Header(), Payload(exp: _now), _keys.Id.Rsa);
        await AssertRefused(expired, "the token has expired");
        Assert.Same(AuthorizerDeny.Expired, await Authorize(_cognito, expired));
    }

    [Fact]
    public async Task A_future_nbf() =>
        await AssertRefused(Forge(Header(), Payload(extra: $",\"nbf\":{_now + 600}"), _keys.Id.Rsa), "the token is not valid yet");

    [Fact]
    public async Task A_wrong_token_use()
    {
        // An ID-token key signing an access token (and the reverse) is not a pool's token whatever it says.
        await AssertRefused(Forge(Header(), Payload(use: "access", extra: ",\"scope\":\"aws.cognito.signin.user.admin\""), _keys.Id.Rsa), "the token does not have a valid signature");
        await AssertRefused(Forge(Header(kid: _keys.Access.Kid), Payload(use: "id"), _keys.Access.Rsa), "the token does not have a valid signature");
        await AssertRefused(Forge(Header(), Payload(use: "refresh"), _keys.Id.Rsa), "the token does not have a valid signature");

        // Genuine tokens of the wrong kind for the method: the Cognito authorizer's rule.
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        Assert.Same(AuthorizerDeny.Unauthorized, await Authorize(_cognito, tokens.AccessToken));
        Assert.Same(AuthorizerDeny.Unauthorized, await Authorize(_cognito, tokens.IdToken!, "aws.cognito.signin.user.admin"));
    }

    [Fact]
    public async Task A_wrong_audience()
    {
        var token = Forge(Header(), Payload(aud: "someone-else"), _keys.Id.Rsa);
        var deny = Assert.IsType<AuthorizerDeny>(await Authorize(_jwt, token));
        Assert.Contains("error_description=\"the token does not have a valid audience\"", deny.WwwAuthenticate, StringComparison.Ordinal);
        // A Cognito authorizer takes any app client of the pool, unless its validation expression says otherwise.
        var pinned = new CognitoUserPoolsAuthorizer(new CognitoAuthorizerSettings("method.request.header.Authorization", [Arn(PoolA)], ClientA), _pools.Verifier);
        Assert.Same(AuthorizerDeny.Unauthorized, await Authorize(pinned, token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b.c")]
    [InlineData("e30.e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.W10.c2ln")]
    public async Task Garbage(string token)
    {
        Assert.False((await Authorize(_cognito, token)).IsAllowed);
        Assert.False((await Authorize(_jwt, token)).IsAllowed);
    }

    [Fact]
    public async Task An_oversized_token_is_refused_before_decoding() =>
        await AssertRefused(new string('a', 20_000) + ".e30.c2ln", "the token is not a valid JWT");

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
