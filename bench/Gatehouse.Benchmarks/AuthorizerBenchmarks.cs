using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Tokens;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Benchmarks;

/// <summary>
/// A gateway Cognito authorizer deciding on an ID token of a local pool: the first sight of the token (parse, key by
/// kid, RSA verify, claims) against a bare <see cref="RSA.VerifyData(byte[], byte[], HashAlgorithmName, RSASignaturePadding)"/>
/// of the same token, and the same token again from the verified-token cache.
/// </summary>
[MemoryDiagnoser]
public class AuthorizerBenchmarks : IDisposable
{
    private static readonly AuthorizationRequirements NoScopes = AuthorizationRequirements.None;
    private Fixture _fixture = null!;
    private JwksFetcher _fetcher = null!;
    private CognitoUserPoolsAuthorizer _cold = null!;
    private CognitoUserPoolsAuthorizer _warm = null!;
    private JwtAuthorizer _jwtCold = null!;
    private JwtAuthorizer _jwtWarm = null!;
    private GatewayRequest _request = null!;
    private RSA _key = null!;
    private byte[] _signingInput = [];
    private byte[] _signature = [];
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        _fixture = Fixture.CreateAsync().GetAwaiter().GetResult();
        var idToken = _fixture.NewIssuer()
            .IssueAsync(_fixture.Pool, _fixture.Client, _fixture.User, _fixture.Groups, _fixture.NewAuthEvent(), CancellationToken.None)
            .GetAwaiter().GetResult().IdToken!;
        _request = new GatewayRequest
        {
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer " + idToken },
        };

        _fetcher = new JwksFetcher(new SocketsHttpHandler(), _fixture.Time, new AuthorizerOptions());
        _cold = Authorizer(new AuthorizerOptions { MaxCachedTokens = 0 });
        _warm = Authorizer(new AuthorizerOptions());
        _jwtCold = JwtAuthorizer(new AuthorizerOptions { MaxCachedTokens = 0 });
        _jwtWarm = JwtAuthorizer(new AuthorizerOptions());

        _token = idToken;
        var lastDot = idToken.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(idToken[..lastDot]);
        _signature = System.Buffers.Text.Base64Url.DecodeFromChars(idToken.AsSpan(lastDot + 1));
        _key = _fixture.Keys.GetAsync(_fixture.Pool.Id, CancellationToken.None).AsTask().GetAwaiter().GetResult()!.Id.Rsa;

        if (!BareVerify() || !AuthorizeCold().Result.IsAllowed || !AuthorizeWarm().Result.IsAllowed
            || !JwtAuthorizeCold().Result.IsAllowed || !JwtAuthorizeWarm().Result.IsAllowed)
        {
            throw new InvalidOperationException("The benchmark token does not pass.");
        }
    }

    /// <summary>The floor: RSA-2048 PKCS#1 v1.5 SHA-256 verification of the token's signing input, bytes ready.</summary>
    [Benchmark(Baseline = true)]
    public bool BareVerify() => _key.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>
    /// The authorizer on a token it has not seen (its verifier caches nothing): header lookup, Bearer prefix, parse,
    /// alg and issuer checks, key by kid, RSA verify, claims, token_use.
    /// </summary>
    [Benchmark]
    public ValueTask<AuthorizerDecision> AuthorizeCold() => _cold.AuthorizeAsync(_request, NoScopes, CancellationToken.None);

    /// <summary>The same token again: one dictionary lookup by the token's text, then exp, revocation and token_use.</summary>
    [Benchmark]
    public ValueTask<AuthorizerDecision> AuthorizeWarm() => _warm.AuthorizeAsync(_request, NoScopes, CancellationToken.None);

    /// <summary>An HTTP API's JWT authorizer (the pool's AWS issuer, the client as audience) on a token it has not seen.</summary>
    [Benchmark]
    public ValueTask<AuthorizerDecision> JwtAuthorizeCold() => _jwtCold.AuthorizeAsync(_request, NoScopes, CancellationToken.None);

    /// <summary>The JWT authorizer on the same token again.</summary>
    [Benchmark]
    public ValueTask<AuthorizerDecision> JwtAuthorizeWarm() => _jwtWarm.AuthorizeAsync(_request, NoScopes, CancellationToken.None);

    /// <summary>The cold path's own work besides the RSA verification: parse the token and read its claims.</summary>
    [Benchmark]
    public object ParseAndReadClaims() => VerifiedToken.Read("iss", local: true, Jwt.Parse(_token)!.Payload);

    [GlobalCleanup]
    public void Dispose()
    {
        _fetcher?.Dispose();
        _fixture?.Dispose();
        GC.SuppressFinalize(this);
    }

    private CognitoUserPoolsAuthorizer Authorizer(AuthorizerOptions options) =>
        new(new CognitoAuthorizerSettings("method.request.header.Authorization", [_fixture.Pool.Arn!]), Verifier(options));

    private JwtAuthorizer JwtAuthorizer(AuthorizerOptions options) =>
        new(JwtAuthorizerSettings.ForHttpApi($"https://cognito-idp.us-east-1.amazonaws.com/{_fixture.Pool.Id}", [_fixture.Client.ClientId!]), Verifier(options));

    private GatewayTokenVerifier Verifier(AuthorizerOptions options) => new(
        _fixture.Keys, _fixture.Issuers, new RevocationList(_fixture.Time),
        new IssuerKeyCache(_fetcher, _fixture.Time, options, NullLogger<IssuerKeyCache>.Instance), _fixture.Time, options);
}
