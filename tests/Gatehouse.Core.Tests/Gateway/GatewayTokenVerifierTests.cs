using Gatehouse.Core.Gateway.Authorizers;
using static Gatehouse.Core.Tests.Gateway.LocalPools;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>The shared verifier's cache and options, seen through the authorizers.</summary>
public sealed class GatewayTokenVerifierTests
{
    private static Task<AuthorizerDecision> Call(IAuthorizer authorizer, string token) =>
        authorizer.AuthorizeAsync(WithAuthorization(token), AuthorizationRequirements.None, CancellationToken.None).AsTask();

    private static CognitoUserPoolsAuthorizer Cognito(LocalPools pools, string pool) =>
        new(new CognitoAuthorizerSettings("method.request.header.Authorization", [Arn(pool)]), pools.Verifier);

    [Fact]
    public async Task A_token_cached_for_one_authorizer_is_still_checked_against_the_issuers_of_another()
    {
        await using var pools = await CreateAsync();
        var token = (await pools.SignInAsync(PoolA, ClientA)).IdToken!;

        Assert.True((await Call(Cognito(pools, PoolA), token)).IsAllowed);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(Cognito(pools, PoolB), token));
        Assert.Equal(1, pools.Verifier.CachedCount);
    }

    [Fact]
    public async Task The_cache_stays_within_its_bound_and_drops_expired_tokens_first()
    {
        await using var pools = await CreateAsync(new AuthorizerOptions { MaxCachedTokens = 3 });
        var authorizer = Cognito(pools, PoolA);
        var old = (await pools.SignInAsync(PoolA, ClientA, "old")).IdToken!;
        Assert.True((await Call(authorizer, old)).IsAllowed);
        pools.Clock.Advance(TimeSpan.FromMinutes(30));

        var fresh = new List<(string Token, AuthorizerDecision First)>();
        for (var i = 0; i < 2; i++)
        {
            var token = (await pools.SignInAsync(PoolA, ClientA, $"u{i}")).IdToken!;
            fresh.Add((token, await Call(authorizer, token)));
        }

        pools.Clock.Advance(TimeSpan.FromMinutes(31)); // "old" has expired, the others have not
        var last = (await pools.SignInAsync(PoolA, ClientA, "last")).IdToken!;
        Assert.True((await Call(authorizer, last)).IsAllowed);

        Assert.Equal(3, pools.Verifier.CachedCount);
        // Still cached: the very decision made the first time comes back.
        foreach (var (token, first) in fresh)
        {
            Assert.Same(first, await Call(authorizer, token));
        }

        Assert.Same(AuthorizerDeny.Expired, await Call(authorizer, old));
    }

    [Fact]
    public async Task Revocation_can_be_ignored_as_AWS_does()
    {
        await using var pools = await CreateAsync(new AuthorizerOptions { RejectRevokedTokens = false });
        var token = (await pools.SignInAsync(PoolA, ClientA)).IdToken!;
        var origin = PayloadOf(token).Split("\"origin_jti\":\"")[1].Split('"')[0];
        pools.Revocations.Add(origin, pools.Clock.GetUtcNow().AddDays(1));

        Assert.True((await Call(Cognito(pools, PoolA), token)).IsAllowed);
    }

    [Fact]
    public async Task Aud_may_be_an_array()
    {
        await using var pools = await CreateAsync();
        var keys = await pools.KeysOfAsync(PoolA);
        var now = pools.Clock.GetUtcNow().ToUnixTimeSeconds();
        var token = Forge(
            $$"""{"kid":"{{keys.Id.Kid}}","alg":"RS256"}""",
            $$"""{"sub":"s","iss":"{{PublicUrl}}/{{PoolA}}","aud":["x","{{ClientA}}"],"token_use":"id","exp":{{now + 60}}}""",
            keys.Id.Rsa);

        Assert.True((await Call(new JwtAuthorizer(JwtAuthorizerSettings.ForHttpApi(AwsIssuer(PoolA), [ClientA]), pools.Verifier), token)).IsAllowed);
        Assert.False((await Call(new JwtAuthorizer(JwtAuthorizerSettings.ForHttpApi(AwsIssuer(PoolA), ["y"]), pools.Verifier), token)).IsAllowed);
    }
}
