using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;
using Gatehouse.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>
/// Two user pools of this Gatehouse (A and B) in a temp-dir SQLite store with committed test keys, a clock, and a
/// <see cref="GatewayTokenVerifier"/> over them whose external-issuer handler, unless a test gives one, counts and
/// fails every request.
/// </summary>
public sealed class LocalPools : IAsyncDisposable
{
    public const string PublicUrl = "http://localhost:9229";
    public const string PoolA = "us-east-1_PoolA0001";
    public const string PoolB = "us-east-1_PoolB0002";
    public const string ClientA = "clienta00000000000000000001";
    public const string ClientA2 = "clienta00000000000000000002";
    public const string ClientB = "clientb00000000000000000001";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;
    private readonly NoNetwork _network = new();
    private int _events;

    private LocalPools(AuthorizerOptions? options, HttpMessageHandler? network)
    {
        _store = new SqliteStore(_directory) { CheckSharedReads = true };
        Keys = new SigningKeys(_store, Clock, TestKeys.Factory());
        Options = options ?? new AuthorizerOptions();
        Revocations = new RevocationList(Clock);
        Fetcher = new JwksFetcher(network ?? _network, Clock, Options);
        Verifier = new GatewayTokenVerifier(
            Keys, Issuers, Revocations, new IssuerKeyCache(Fetcher, Clock, Options, NullLogger<IssuerKeyCache>.Instance), Clock, Options);
        Issuer = new TokenIssuer(Keys, Clock, new IdGenerator(), Issuers);
    }

    public ManualClock Clock { get; } = new();

    public IssuerUrls Issuers { get; } = new(PublicUrl);

    public RevocationList Revocations { get; }

    public SigningKeys Keys { get; }

    public AuthorizerOptions Options { get; }

    public JwksFetcher Fetcher { get; }

    public GatewayTokenVerifier Verifier { get; }

    public TokenIssuer Issuer { get; }

    /// <summary>Requests that tried to leave the process; tests of local pools expect none.</summary>
    public int NetworkCalls => _network.Calls;

    /// <summary>The pools; <paramref name="network"/> reaches external issuers (none by default).</summary>
    public static async Task<LocalPools> CreateAsync(AuthorizerOptions? options = null, HttpMessageHandler? network = null)
    {
        var pools = new LocalPools(options, network);
        await using (var session = await pools._store.OpenAsync(write: true, CancellationToken.None))
        {
            await pools.Keys.CreateAsync(session, PoolA, CancellationToken.None);
            await pools.Keys.CreateAsync(session, PoolB, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        return pools;
    }

    public static string Arn(string poolId) => $"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{poolId}";

    public static string AwsIssuer(string poolId) => $"https://cognito-idp.us-east-1.amazonaws.com/{poolId}";

    /// <summary>An ID and access token pair of a user (sub <c>sub-{username}</c>) through the Cognito API or, with scopes, OAuth.</summary>
    public Task<IssuedTokens> SignInAsync(string poolId, string clientId, string username = "alice", string[]? groups = null, string[]? oauthScopes = null)
    {
        var client = new AppClient { UserPoolId = poolId, ClientId = clientId, ClientName = "app" };
        var user = new User
        {
            PoolId = poolId,
            Username = username,
            Key = username,
            Sub = $"sub-{username}",
            Status = UserStatus.Confirmed,
            Attributes = new(StringComparer.Ordinal) { ["sub"] = $"sub-{username}", ["email"] = $"{username}@example.com" },
        };
        var groupList = (groups ?? []).Select((g, i) => new Group { GroupName = g, UserPoolId = poolId, Precedence = i }).ToList();
        var authEvent = new AuthEvent($"origin-{Interlocked.Increment(ref _events)}", "event", Clock.GetUtcNow());
        return Issuer.IssueAsync(
            new UserPool { Id = poolId, Name = "pool" }, client, user, groupList, authEvent, CancellationToken.None,
            oauthScopes is null ? null : new OAuthGrantContext(oauthScopes));
    }

    /// <summary>A client_credentials access token: no <c>aud</c>, <c>client_id</c> and <c>sub</c> are the client.</summary>
    public async Task<string> ClientCredentialsAsync(string poolId, string clientId, params string[] scopes) =>
        (await Issuer.IssueClientCredentialsAsync(new AppClient { UserPoolId = poolId, ClientId = clientId, ClientName = "m2m" }, scopes, CancellationToken.None)).AccessToken;

    public async Task<PoolKeys> KeysOfAsync(string poolId) => (await Keys.GetAsync(poolId, CancellationToken.None))!;

    /// <summary>A compact JWS with any header and payload, signed RS256 by <paramref name="signer"/> (or with an empty signature).</summary>
    public static string Forge(string headerJson, string payloadJson, RSA? signer)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        var signature = signer?.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) ?? [];
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The payload of a token as JSON text, to forge a variant of it.</summary>
    public static string PayloadOf(string token) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1]));

    public static GatewayRequest WithAuthorization(string? value, string header = "Authorization") => new()
    {
        Headers = value is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [header] = value },
    };

    public async ValueTask DisposeAsync()
    {
        Fetcher.Dispose();
        _store.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    /// <summary>These tests trust only local pools: reaching for the network is a bug.</summary>
    private sealed class NoNetwork : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            throw new HttpRequestException($"Unexpected fetch of {request.RequestUri}.");
        }
    }
}
