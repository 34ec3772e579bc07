using System.Security.Cryptography;
using Gatehouse.Core.Gateway.Authorizers;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>
/// Keys of an issuer that is not this Gatehouse, against a fake issuer on a real local HTTP listener: discovery and
/// JWKS fetched once and cached, a rotation re-fetched once in a single flight, throttled, refreshed in the background,
/// kept while the issuer is down, and a fetch cut off at 1.5 s of the (fake) clock.
/// </summary>
public sealed class ExternalIssuerTests : IAsyncLifetime
{
    private const string Audience = "orders-api";
    private static readonly AuthorizerOptions Options = new();
    private readonly SocketsHttpHandler _network = new();
    private readonly RSA[] _keys = new RSA[3];
    private FakeIssuer _fake = null!;
    private LocalPools _pools = null!;

    public async Task InitializeAsync()
    {
        var factory = TestKeys.Factory();
        for (var i = 0; i < 8; i++)
        {
            factory().Dispose();
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            _keys[i] = factory();
        }

        _fake = await FakeIssuer.StartAsync();
        _pools = await LocalPools.CreateAsync(Options, _network);
    }

    public async Task DisposeAsync()
    {
        await _pools.DisposeAsync();
        await _fake.DisposeAsync();
        _network.Dispose();
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private long Now => _pools.Clock.GetUtcNow().ToUnixTimeSeconds();

    private JwtAuthorizer Authorizer(FakeIssuer.Issuer issuer) => new(JwtAuthorizerSettings.ForHttpApi(issuer.Url, [Audience]), _pools.Verifier);

    private string Token(FakeIssuer.Issuer issuer, string kid, int key, string claims = "", string alg = "RS256") =>
        issuer.Sign(kid, _keys[key], Now + 3600, $",\"aud\":\"{Audience}\"{claims}", alg);

    private static Task<AuthorizerDecision> Call(IAuthorizer authorizer, string token, params string[] scopes) =>
        authorizer.AuthorizeAsync(LocalPools.WithAuthorization("Bearer " + token), AuthorizationRequirements.ForScopes(scopes), CancellationToken.None).AsTask();

    [Fact]
    public async Task Discovery_and_keys_are_fetched_once_then_served_from_memory()
    {
        var issuer = _fake.Add("once");
        issuer.AddKey("k1", _keys[0]);
        var authorizer = Authorizer(issuer);

        for (var i = 0; i < 5; i++)
        {
            var allow = Assert.IsType<AuthorizerAllow>(await Call(authorizer, Token(issuer, "k1", 0, ",\"scp\":[\"orders.read\",\"orders.write\"]"), "orders.write"));
            Assert.Equal(["orders.read", "orders.write"], allow.Scopes);
        }

        Assert.Equal((1, 1), (issuer.Discoveries, issuer.JwksFetches));
    }

    [Fact]
    public async Task A_rotated_key_costs_one_refetch_and_no_401()
    {
        var issuer = _fake.Add("rotation");
        issuer.AddKey("k1", _keys[0]);
        var authorizer = Authorizer(issuer);
        Assert.True((await Call(authorizer, Token(issuer, "k1", 0))).IsAllowed);

        issuer.AddKey("k2", _keys[1]);
        issuer.RemoveKey("k1");

        Assert.True((await Call(authorizer, Token(issuer, "k2", 1))).IsAllowed);
        Assert.True((await Call(authorizer, Token(issuer, "k2", 1))).IsAllowed);
        Assert.Equal(2, issuer.JwksFetches);
    }

    [Fact]
    public async Task A_burst_of_requests_with_a_new_kid_shares_one_fetch()
    {
        var issuer = _fake.Add("burst");
        issuer.AddKey("k1", _keys[0]);
        var authorizer = Authorizer(issuer);
        Assert.True((await Call(authorizer, Token(issuer, "k1", 0))).IsAllowed);
        issuer.AddKey("k2", _keys[1]);
        issuer.Hold();

        var burst = Enumerable.Range(0, 50).Select(_ => Call(authorizer, Token(issuer, "k2", 1))).ToList();
        await issuer.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        issuer.Release();
        var decisions = await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(decisions, d => Assert.True(d.IsAllowed));
        Assert.Equal(2, issuer.JwksFetches);
    }

    [Fact]
    public async Task Unknown_kids_refetch_at_most_once_per_interval()
    {
        var issuer = _fake.Add("throttle");
        issuer.AddKey("k1", _keys[0]);
        var authorizer = Authorizer(issuer);
        Assert.True((await Call(authorizer, Token(issuer, "k1", 0))).IsAllowed);

        for (var i = 0; i < 3; i++)
        {
            var deny = Assert.IsType<AuthorizerDeny>(await Call(authorizer, Token(issuer, "nope", 1)));
            Assert.Contains("the token was signed by an unknown key", deny.WwwAuthenticate, StringComparison.Ordinal);
        }

        Assert.Equal(2, issuer.JwksFetches);

        _pools.Clock.Advance(Options.MinRefetchInterval);
        Assert.False((await Call(authorizer, Token(issuer, "nope", 1))).IsAllowed);
        Assert.Equal(3, issuer.JwksFetches);
    }

    [Fact]
    public async Task Old_keys_are_refreshed_in_the_background_while_requests_go_on()
    {
        var issuer = _fake.Add("refresh");
        issuer.AddKey("k1", _keys[0]);
        var authorizer = Authorizer(issuer);
        Assert.True((await Call(authorizer, Token(issuer, "k1", 0))).IsAllowed);

        issuer.AddKey("k2", _keys[1]);
        issuer.Hold();
        _pools.Clock.Advance(Options.KeyRefreshInterval);

        // The refresh is held at the issuer, and the request does not wait for it.
        Assert.True((await Call(authorizer, Token(issuer, "k1", 0))).IsAllowed);
        await issuer.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        issuer.Release();
        await PendingFetch(issuer);

        Assert.True((await Call(authorizer, Token(issuer, "k2", 1))).IsAllowed);
        Assert.Equal(2, issuer.JwksFetches);
    }

    [Fact]
    public async Task While_the_issuer_is_down_the_last_keys_fetched_stay_in_use()
    {
        var issuer = _fake.Add("down");
        issuer.AddKey("k1", _keys[0]);
        var authorizer = Authorizer(issuer);
        Assert.True((await Call(authorizer, Token(issuer, "k1", 0))).IsAllowed);

        issuer.Down = true;
        _pools.Clock.Advance(Options.KeyRefreshInterval);
        Assert.True((await Call(authorizer, Token(issuer, "k1", 0))).IsAllowed);
        await PendingFetch(issuer);
        Assert.Equal(2, issuer.Discoveries);

        // A new kid cannot be had while it is down, but the known one still works, and works once it is back.
        _pools.Clock.Advance(Options.MinRefetchInterval);
        Assert.False((await Call(authorizer, Token(issuer, "k2", 1))).IsAllowed);
        Assert.True((await Call(authorizer, Token(issuer, "k1", 0))).IsAllowed);

        issuer.Down = false;
        issuer.AddKey("k2", _keys[1]);
        _pools.Clock.Advance(Options.MinRefetchInterval);
        Assert.True((await Call(authorizer, Token(issuer, "k2", 1))).IsAllowed);
    }

    [Fact]
    public async Task An_issuer_down_from_the_start_means_401_not_a_crash()
    {
        var issuer = _fake.Add("never");
        issuer.AddKey("k1", _keys[0]);
        issuer.Down = true;

        var deny = Assert.IsType<AuthorizerDeny>(await Call(Authorizer(issuer), Token(issuer, "k1", 0)));
        Assert.Equal(401, deny.StatusCode);
        Assert.Equal(1, issuer.Discoveries);
    }

    [Fact]
    public async Task A_fetch_gives_up_after_1_5_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.5), Options.FetchTimeout);
        var issuer = _fake.Add("slow");
        issuer.AddKey("k1", _keys[0]);
        issuer.Hanging = true;

        var call = Call(Authorizer(issuer), Token(issuer, "k1", 0));
        await issuer.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _pools.Clock.Advance(TimeSpan.FromSeconds(1.499));
        Assert.False(call.IsCompleted);

        _pools.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var deny = Assert.IsType<AuthorizerDeny>(await call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("the token was signed by an unknown key", deny.WwwAuthenticate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_algorithm_is_pinned_to_the_key()
    {
        var issuer = _fake.Add("alg");
        issuer.AddKey("k256", _keys[0], "RS256");
        issuer.AddKey("k384", _keys[1], "RS384");
        issuer.AddKey("kany", _keys[2], alg: null);
        var authorizer = Authorizer(issuer);

        Assert.True((await Call(authorizer, Token(issuer, "k384", 1, alg: "RS384"))).IsAllowed);
        Assert.True((await Call(authorizer, Token(issuer, "kany", 2, alg: "RS512"))).IsAllowed);
        Assert.False((await Call(authorizer, Token(issuer, "k256", 0, alg: "RS384"))).IsAllowed);
        Assert.False((await Call(authorizer, Token(issuer, "k384", 1, alg: "RS256"))).IsAllowed);
    }

    [Fact]
    public async Task A_token_naming_an_issuer_nobody_trusts_fetches_nothing()
    {
        var trusted = _fake.Add("trusted");
        var other = _fake.Add("other");
        other.AddKey("k1", _keys[0]);

        Assert.False((await Call(Authorizer(trusted), Token(other, "k1", 0))).IsAllowed);
        Assert.Equal((0, 0), (other.Discoveries + trusted.Discoveries, other.JwksFetches + trusted.JwksFetches));
    }

    [Fact]
    public async Task Access_tokens_without_aud_are_matched_by_client_id()
    {
        var issuer = _fake.Add("cid");
        issuer.AddKey("k1", _keys[0]);
        var token = issuer.Sign("k1", _keys[0], Now + 600, $",\"client_id\":\"{Audience}\",\"scope\":\"a b\"");

        Assert.True((await Call(Authorizer(issuer), token, "b")).IsAllowed);
        Assert.Equal(403, Assert.IsType<AuthorizerDeny>(await Call(Authorizer(issuer), token, "c")).StatusCode);
    }

    private async Task PendingFetch(FakeIssuer.Issuer issuer)
    {
        if (_pools.Verifier.RemoteKeys.PendingFetch(issuer.Url) is { } pending)
        {
            await pending.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
