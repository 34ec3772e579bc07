using Gatehouse.Core.Gateway.Authorizers;
using static Gatehouse.Core.Tests.Gateway.LocalPools;

namespace Gatehouse.Core.Tests.Gateway;

public sealed class JwtAuthorizerTests : IAsyncLifetime
{
    private LocalPools _pools = null!;

    public async Task InitializeAsync() => _pools = await CreateAsync();

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    private JwtAuthorizer HttpApi(string issuer, params string[] audiences) => new(JwtAuthorizerSettings.ForHttpApi(issuer, audiences), _pools.Verifier);

    private static Task<AuthorizerDecision> Call(IAuthorizer authorizer, string? token, params string[] scopes) =>
        authorizer.AuthorizeAsync(WithAuthorization(token is null ? null : "Bearer " + token), AuthorizationRequirements.ForScopes(scopes), CancellationToken.None).AsTask();

    private static void AssertInvalidToken(AuthorizerDecision decision, string description, string scope = "")
    {
        var deny = Assert.IsType<AuthorizerDeny>(decision);
        Assert.Equal((401, "Unauthorized"), (deny.StatusCode, deny.Message));
        Assert.Equal($"Bearer scope=\"{scope}\" error=\"invalid_token\" error_description=\"{description}\"", deny.WwwAuthenticate);
    }

    [Fact]
    public async Task Seed_004_the_AWS_issuer_of_a_local_pool_and_its_client_id_admit_its_access_token()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var authorizer = HttpApi(AwsIssuer(PoolA), ClientA);

        var allow = Assert.IsType<AuthorizerAllow>(await Call(authorizer, tokens.AccessToken));

        Assert.Equal("sub-alice", allow.PrincipalId);
        Assert.Equal(ClientA, allow.Claims.GetProperty("client_id").GetString());
        Assert.Equal($"{PublicUrl}/{PoolA}", allow.Claims.GetProperty("iss").GetString());
        Assert.Equal(0, _pools.NetworkCalls);
    }

    [Fact]
    public async Task The_issuer_of_this_gatehouse_itself_works_too()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        Assert.True((await Call(HttpApi($"{PublicUrl}/{PoolA}", ClientA), tokens.IdToken)).IsAllowed);
    }

    [Fact]
    public async Task Aud_is_checked_when_present_and_client_id_only_when_aud_is_absent()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var m2m = await _pools.ClientCredentialsAsync(PoolA, ClientA2, "product-api/read");

        Assert.True((await Call(HttpApi(AwsIssuer(PoolA), ClientA), tokens.IdToken)).IsAllowed);
        Assert.True((await Call(HttpApi(AwsIssuer(PoolA), "other", ClientA2), m2m)).IsAllowed);
        AssertInvalidToken(await Call(HttpApi(AwsIssuer(PoolA), "other"), tokens.IdToken), "the token does not have a valid audience");
        AssertInvalidToken(await Call(HttpApi(AwsIssuer(PoolA), ClientA), m2m), "the token does not have a valid audience");
    }

    [Fact]
    public async Task A_route_scope_the_token_lacks_is_403_forbidden()
    {
        var m2m = await _pools.ClientCredentialsAsync(PoolA, ClientA, "product-api/create_product");
        var authorizer = HttpApi(AwsIssuer(PoolA), ClientA);

        Assert.True((await Call(authorizer, m2m, "product-api/read_product", "product-api/create_product")).IsAllowed);
        var deny = Assert.IsType<AuthorizerDeny>(await Call(authorizer, m2m, "product-api/read_product"));
        Assert.Equal((403, "ACCESS_DENIED", "Forbidden"), (deny.StatusCode, deny.ResponseType, deny.Message));
        Assert.Equal("Bearer scope=\"product-api/read_product\" error=\"insufficient_scope\" error_description=\"the token does not have the required scope\"", deny.WwwAuthenticate);
    }

    [Fact]
    public async Task Several_issuers_each_with_their_audiences()
    {
        var a = await _pools.SignInAsync(PoolA, ClientA);
        var b = await _pools.SignInAsync(PoolB, ClientB);
        var authorizer = new JwtAuthorizer(
            new JwtAuthorizerSettings("method.request.header.Authorization", [new(AwsIssuer(PoolA), [ClientA]), new(AwsIssuer(PoolB), [ClientB])], ChallengeHeader: false),
            _pools.Verifier);
        var crossed = new JwtAuthorizer(
            new JwtAuthorizerSettings("method.request.header.Authorization", [new(AwsIssuer(PoolA), [ClientB]), new(AwsIssuer(PoolB), [ClientA])], ChallengeHeader: false),
            _pools.Verifier);

        Assert.True((await Call(authorizer, a.IdToken)).IsAllowed);
        Assert.True((await Call(authorizer, b.AccessToken)).IsAllowed);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(crossed, a.IdToken));
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(crossed, b.AccessToken));
    }

    [Fact]
    public async Task A_token_of_an_issuer_not_trusted_is_refused_without_any_fetch()
    {
        var b = await _pools.SignInAsync(PoolB, ClientA);
        AssertInvalidToken(await Call(HttpApi(AwsIssuer(PoolA), ClientA), b.IdToken), "the token does not have a valid issuer");
        Assert.Equal(0, _pools.NetworkCalls);
    }

    [Fact]
    public async Task No_token_is_401_and_the_scopes_are_named_in_the_challenge()
    {
        var authorizer = HttpApi(AwsIssuer(PoolA), ClientA);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(authorizer, null));
        AssertInvalidToken(await Call(authorizer, "abc.def.ghi", "a", "b"), "the token is not a valid JWT", "a b");
    }

    [Fact]
    public async Task Exp_nbf_and_iat_hold_with_the_configured_skew()
    {
        await using var pools = await CreateAsync(new AuthorizerOptions { ClockSkew = TimeSpan.FromSeconds(30) });
        var keys = await pools.KeysOfAsync(PoolA);
        var now = pools.Clock.GetUtcNow().ToUnixTimeSeconds();
        string Token(long exp, long? nbf = null, long? iat = null) => Forge(
            $$"""{"kid":"{{keys.Id.Kid}}","alg":"RS256"}""",
            $$"""{"sub":"s","iss":"{{PublicUrl}}/{{PoolA}}","aud":"{{ClientA}}","token_use":"id","exp":{{exp}}{{(nbf is null ? "" : $",\"nbf\":{nbf}")}},"iat":{{iat ?? now}}}""",
            keys.Id.Rsa);
        var authorizer = new JwtAuthorizer(JwtAuthorizerSettings.ForHttpApi(AwsIssuer(PoolA), [ClientA]), pools.Verifier);

        Assert.True((await Call(authorizer, Token(exp: now - 29))).IsAllowed);
        AssertInvalidToken(await Call(authorizer, Token(exp: now - 30)), "the token has expired");
        Assert.True((await Call(authorizer, Token(exp: now + 60, nbf: now + 30))).IsAllowed);
        AssertInvalidToken(await Call(authorizer, Token(exp: now + 60, nbf: now + 31)), "the token is not valid yet");
        Assert.True((await Call(authorizer, Token(exp: now + 60, iat: now + 30))).IsAllowed);
        AssertInvalidToken(await Call(authorizer, Token(exp: now + 60, iat: now + 31)), "the token was issued in the future");
    }

    [Fact]
    public async Task A_token_without_exp_is_refused()
    {
        var keys = await _pools.KeysOfAsync(PoolA);
        var token = Forge($$"""{"kid":"{{keys.Id.Kid}}","alg":"RS256"}""", $$"""{"sub":"s","iss":"{{PublicUrl}}/{{PoolA}}","aud":"{{ClientA}}","token_use":"id"}""", keys.Id.Rsa);
        AssertInvalidToken(await Call(HttpApi(AwsIssuer(PoolA), ClientA), token), "the token is not a valid JWT");
    }

    [Fact]
    public async Task A_rest_jwt_authorizer_sends_no_challenge_header()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var rest = new JwtAuthorizer(
            new JwtAuthorizerSettings("method.request.header.Authorization", [new(AwsIssuer(PoolA), [ClientA])], ChallengeHeader: false), _pools.Verifier);

        Assert.Same(AuthorizerDeny.Forbidden, await Call(rest, tokens.AccessToken, "product-api/read"));
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(rest, "x.y.z"));
    }

    [Fact]
    public async Task The_token_may_come_from_a_query_parameter()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var authorizer = new JwtAuthorizer(JwtAuthorizerSettings.ForHttpApi(AwsIssuer(PoolA), [ClientA], "$request.querystring.access_token"), _pools.Verifier);
        var request = new GatewayRequest { Query = new Dictionary<string, string> { ["access_token"] = tokens.AccessToken } };

        Assert.True((await authorizer.AuthorizeAsync(request, AuthorizationRequirements.None, CancellationToken.None)).IsAllowed);
    }

    [Fact]
    public async Task Id_tokens_pass_a_jwt_authorizer_which_does_not_look_at_token_use()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA, groups: ["admin"]);
        var allow = Assert.IsType<AuthorizerAllow>(await Call(HttpApi(AwsIssuer(PoolA), ClientA), tokens.IdToken));
        Assert.Equal("id", allow.Claims.GetProperty("token_use").GetString());
        Assert.Empty(allow.Scopes);
    }
}
