using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Tests;

/// <summary>
/// The tokens: Cognito's claims, verified by an independent library against the served JWKS, and every check
/// (signature, alg, kid, iss, token_use, exp) tried with a forgery.
/// </summary>
public sealed class TokenTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private Scenario _s = null!;
    private Tokens _tokens = null!;
    private string _sub = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _s = await Scenario.CreateAsync(_gatehouse);
        _sub = await _s.SignUpConfirmedAsync("alice");
        _tokens = await _s.TokensAsync("alice");
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private string Issuer => $"{TestGatehouse.PublicUrl}/{_s.PoolId}";

    [Fact]
    public async Task Id_token_carries_Cognitos_claims()
    {
        var id = Scenario.Payload(_tokens.IdToken);
        var names = id.Select(p => p.Key).ToHashSet();
        foreach (var claim in new[] { "sub", "aud", "email_verified", "token_use", "auth_time", "iss", "cognito:username", "exp", "iat", "jti", "origin_jti", "event_id", "email" })
        {
            Assert.Contains(claim, names);
        }

        Assert.Equal(_sub, id["sub"]!.GetValue<string>());
        Assert.Equal(_s.ClientId, id["aud"]!.GetValue<string>());
        Assert.True(id["email_verified"]!.GetValue<bool>());
        Assert.Equal("id", id["token_use"]!.GetValue<string>());
        Assert.Equal(Issuer, id["iss"]!.GetValue<string>());
        Assert.Equal("alice", id["cognito:username"]!.GetValue<string>());
        Assert.Equal(3600, id["exp"]!.GetValue<long>() - id["iat"]!.GetValue<long>());
        Assert.DoesNotContain("cognito:groups", names);
        await Task.CompletedTask;
    }

    [Fact]
    public void Access_token_carries_Cognitos_claims_and_no_audience()
    {
        var access = Scenario.Payload(_tokens.AccessToken);
        var expected = new[] { "sub", "token_use", "scope", "auth_time", "iss", "exp", "iat", "origin_jti", "jti", "client_id", "username", "event_id", "version" };
        Assert.Equal(expected.Order(StringComparer.Ordinal), access.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("access", access["token_use"]!.GetValue<string>());
        Assert.Equal("aws.cognito.signin.user.admin", access["scope"]!.GetValue<string>());
        Assert.Equal(_s.ClientId, access["client_id"]!.GetValue<string>());
        Assert.Equal("alice", access["username"]!.GetValue<string>());
        Assert.Equal(Scenario.Payload(_tokens.IdToken)["origin_jti"]!.GetValue<string>(), access["origin_jti"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tokens_verify_against_the_served_jwks_with_an_independent_library()
    {
        var jwks = new JsonWebKeySet(await _gatehouse.Http.GetStringAsync($"/{_s.PoolId}/.well-known/jwks.json"));
        Assert.Equal(2, jwks.Keys.Count);
        Assert.NotEqual(Scenario.Header(_tokens.IdToken)["kid"]!.GetValue<string>(), Scenario.Header(_tokens.AccessToken)["kid"]!.GetValue<string>());
        var handler = new JsonWebTokenHandler();
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = _s.ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
            LifetimeValidator = (_, expires, _, _) => expires > _gatehouse.Clock.GetUtcNow().UtcDateTime,
        };
        var id = await handler.ValidateTokenAsync(_tokens.IdToken, parameters);
        Assert.True(id.IsValid, id.Exception?.Message);
        parameters.ValidateAudience = false;
        var access = await handler.ValidateTokenAsync(_tokens.AccessToken, parameters);
        Assert.True(access.IsValid, access.Exception?.Message);

        var discovery = JsonNode.Parse(await _gatehouse.Http.GetStringAsync($"/{_s.PoolId}/.well-known/openid-configuration"))!;
        Assert.Equal(Issuer, discovery["issuer"]!.GetValue<string>());
        Assert.Equal(Issuer + "/.well-known/jwks.json", discovery["jwks_uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_pools_have_no_metadata()
    {
        var response = await _gatehouse.Http.GetAsync("/us-east-1_nothere99/.well-known/jwks.json");
        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_valid_access_token_reads_the_user() =>
        Assert.Equal("alice", (await GetUser(_tokens.AccessToken))["Username"]!.GetValue<string>());

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    public async Task Garbage_tokens_are_invalid(string token) => await ExpectInvalid(token, token.Length == 0 ? "InvalidParameterException" : "NotAuthorizedException");

    [Fact]
    public async Task Truncated_tokens_are_invalid() => await ExpectInvalid(_tokens.AccessToken[..^10]);

    [Fact]
    public async Task A_tampered_payload_fails_the_signature()
    {
        var payload = Scenario.Payload(_tokens.AccessToken);
        payload["username"] = "mallory";
        var parts = _tokens.AccessToken.Split('.');
        await ExpectInvalid($"{parts[0]}.{Encode(payload.ToJsonString())}.{parts[2]}");
    }

    [Fact]
    public async Task Alg_none_is_refused()
    {
        var parts = _tokens.AccessToken.Split('.');
        var header = Scenario.Header(_tokens.AccessToken);
        header["alg"] = "none";
        await ExpectInvalid($"{Encode(header.ToJsonString())}.{parts[1]}.");
        await ExpectInvalid($"{Encode(header.ToJsonString())}.{parts[1]}.{parts[2]}");
    }

    [Fact]
    public async Task Hs256_signed_with_the_public_key_is_refused()
    {
        var jwks = JsonNode.Parse(await _gatehouse.Http.GetStringAsync($"/{_s.PoolId}/.well-known/jwks.json"))!;
        var header = Scenario.Header(_tokens.AccessToken);
        header["alg"] = "HS256";
        var input = $"{Encode(header.ToJsonString())}.{_tokens.AccessToken.Split('.')[1]}";
        var secret = Encoding.UTF8.GetBytes(jwks.ToJsonString());
        var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input));
        await ExpectInvalid($"{input}.{System.Buffers.Text.Base64Url.EncodeToString(mac)}");
    }

    [Fact]
    public async Task A_token_signed_by_another_key_with_a_known_kid_is_refused()
    {
        using var attacker = RSA.Create(2048);
        await ExpectInvalid(Resign(_tokens.AccessToken, attacker, _ => { }));
    }

    [Fact]
    public async Task An_id_token_is_not_an_access_token() => await ExpectInvalid(_tokens.IdToken);

    [Fact]
    public async Task Expired_tokens_say_so()
    {
        _gatehouse.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var error = await _gatehouse.FailAsync("GetUser", new { _tokens.AccessToken }, "NotAuthorizedException");
        Assert.Equal("Access Token has expired", error.AwsMessage);
    }

    [Fact]
    public async Task Another_issuer_is_refused_even_with_a_good_signature()
    {
        // A token for the same pool id from a different Gatehouse (another public URL) must not be accepted here.
        var other = await TestGatehouse.StartAsync(o => o.PublicUrl = "http://evil.example");
        await using (other)
        {
            var foreign = await Scenario.CreateAsync(other);
            await foreign.SignUpConfirmedAsync("alice");
            var tokens = await foreign.TokensAsync("alice");
            await ExpectInvalid(tokens.AccessToken);
        }
    }

    [Fact]
    public async Task Claims_signed_by_this_pool_but_with_a_foreign_iss_are_refused()
    {
        // Without the private key we cannot re-sign; the iss check runs before any key lookup, so an altered iss
        // fails either on issuer or on signature: both must be NotAuthorized.
        var payload = Scenario.Payload(_tokens.AccessToken);
        payload["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/" + _s.PoolId;
        var parts = _tokens.AccessToken.Split('.');
        await ExpectInvalid($"{parts[0]}.{Encode(payload.ToJsonString())}.{parts[2]}");
    }

    [Fact]
    public async Task A_token_signed_with_another_pools_key_is_refused()
    {
        // Pool B's real key, B's kid, but claims rewritten to say pool A: the kid is not among A's keys.
        var other = await Scenario.CreateAsync(_gatehouse);
        var keys = _gatehouse.Services.GetRequiredService<Core.Tokens.SigningKeys>();
        var otherKeys = (await keys.GetAsync(other.PoolId, default))!;
        await other.SignUpConfirmedAsync("alice");
        var foreign = await other.TokensAsync("alice");
        var forged = Resign(foreign.AccessToken, otherKeys.Access.Rsa, p => p["iss"] = Issuer);
        await ExpectInvalid(forged);

        // And the same token, untouched, is valid only for its own pool's user.
        Assert.Equal("alice", (await GetUser(foreign.AccessToken))["Username"]!.GetValue<string>());
        Assert.NotEqual(_s.PoolId, other.PoolId);
    }

    [Fact]
    public async Task The_id_key_cannot_sign_access_tokens()
    {
        var keys = _gatehouse.Services.GetRequiredService<Core.Tokens.SigningKeys>();
        var poolKeys = (await keys.GetAsync(_s.PoolId, default))!;
        var header = Scenario.Header(_tokens.AccessToken);
        header["kid"] = poolKeys.Id.Kid;
        var payload = _tokens.AccessToken.Split('.')[1];
        var input = $"{Encode(header.ToJsonString())}.{payload}";
        var signature = poolKeys.Id.Rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        await ExpectInvalid($"{input}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}");
    }

    private async Task<JsonNode> GetUser(string token) => await _gatehouse.CallAsync("GetUser", new { AccessToken = token });

    private async Task ExpectInvalid(string token, string type = "NotAuthorizedException")
    {
        var error = await _gatehouse.FailAsync("GetUser", new { AccessToken = token }, type);
        if (type == "NotAuthorizedException")
        {
            Assert.Equal("Invalid Access Token", error.AwsMessage);
        }
    }

    private static string Encode(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string Resign(string token, RSA key, Action<JsonObject> edit)
    {
        var payload = Scenario.Payload(token);
        edit(payload);
        var input = $"{token.Split('.')[0]}.{Encode(payload.ToJsonString())}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}";
    }
}
