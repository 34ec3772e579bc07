using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Functions;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The client_credentials grant in process, from the bare RS256 signature it cannot avoid up to what
/// <c>POST /oauth2/token</c> asks of Core: authenticate the client, check its scopes against the pool's resource
/// servers, issue and sign the token.
/// </summary>
[MemoryDiagnoser]
public class ClientCredentialsBenchmarks : IDisposable
{
    private const string Secret = "s3cr3t0000000000000000000000000000000000000000000000";

    private static readonly string[] Scopes = ["product-api/read_product", "product-api/create_product", "product-api/delete_product"];

    private Fixture _fixture = null!;
    private TokenIssuer _issuer = null!;
    private TokenGrants _grants = null!;
    private RSA _rsa = null!;
    private AppClient _client = null!;
    private TokenRequest _request = null!;
    private byte[] _signingInput = [];

    [GlobalSetup]
    public void Setup()
    {
        _fixture = Fixture.CreateAsync().GetAwaiter().GetResult();
        _client = new AppClient
        {
            UserPoolId = _fixture.Pool.Id,
            ClientId = "ccclient00000000000000000001",
            ClientName = "m2m",
            ClientSecret = Secret,
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthFlows = ["client_credentials"],
            AllowedOAuthScopes = [.. Scopes],
        };
        var server = new ResourceServer
        {
            UserPoolId = _fixture.Pool.Id,
            Identifier = "product-api",
            Name = "Products",
            Scopes = [.. Scopes.Select(s => new ResourceServerScope { ScopeName = s.Split('/')[1], ScopeDescription = s })],
        };
        SaveAsync(_fixture, _client, server).GetAwaiter().GetResult();

        _issuer = _fixture.NewIssuer();
        var refreshTokens = new RefreshTokens(_fixture.Ids, _fixture.Time, new RevocationList(_fixture.Time));
        // The pool has no PreTokenGeneration trigger, so the invoker is never called.
        var invoker = new FunctionInvoker(
            new FunctionRegistry(_fixture.Store), [], _fixture.Ids, _fixture.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<FunctionInvoker>.Instance);
        var authenticator = new Authenticator(
            _issuer, new AuthSessions(_fixture.Ids, _fixture.Time), refreshTokens, _fixture.Ids, _fixture.Time, new CognitoTriggers(invoker, "000000000000"),
            new Credentials(DataKey.FromBytes(new byte[DataKey.KeyBytes])),
            new Gatehouse.Core.Messaging.Outbox(_fixture.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Gatehouse.Core.Messaging.Outbox>.Instance),
            new SrpSignIn(DataKey.FromBytes(new byte[DataKey.KeyBytes]), _fixture.Time));
        _grants = new TokenGrants(
            _fixture.Store, _issuer, refreshTokens, new Authorizations(_issuer, refreshTokens, _fixture.Ids, _fixture.Time), _fixture.Ids, authenticator);
        _request = new TokenRequest("client_credentials", new ClientCredentials(_client.ClientId, Secret, UsedBasic: true), string.Join(' ', Scopes));
        _rsa = _fixture.Keys.GetAsync(_fixture.Pool.Id, CancellationToken.None).AsTask().GetAwaiter().GetResult()!.Access.Rsa;
        // About the size of a client_credentials token's header and payload, base64url-encoded.
        _signingInput = Encoding.ASCII.GetBytes(new string('x', 560));
        var token = Grant().GetAwaiter().GetResult();
        if (token.AccessToken.Split('.').Length != 3)
        {
            throw new InvalidOperationException("The benchmark grant did not issue a JWT.");
        }
    }

    /// <summary>The floor: one RS256 signature (SHA-256 and an RSA-2048 private-key operation) over a token-sized input.</summary>
    [Benchmark(Baseline = true)]
    public byte[] RsaSign() => _rsa.SignData(_signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>TokenIssuer.IssueClientCredentialsAsync: the claims, their JSON and the signed JWT.</summary>
    [Benchmark]
    public Task<(string AccessToken, int ExpiresIn)> Issue() => _issuer.IssueClientCredentialsAsync(_client, Scopes, CancellationToken.None);

    /// <summary>TokenGrants.IssueAsync: a read session, the client, its secret, the pool's scopes, then Issue.</summary>
    [Benchmark]
    public Task<TokenResponse> Grant() => _grants.IssueAsync(_request, CancellationToken.None);

    private static async Task SaveAsync(Fixture fixture, AppClient client, ResourceServer server)
    {
        await using var session = await fixture.Store.OpenAsync(write: true, CancellationToken.None);
        await session.SaveClientAsync(client, CancellationToken.None);
        await ResourceServers.SaveAsync(session, server, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _fixture?.Dispose();
        GC.SuppressFinalize(this);
    }
}
