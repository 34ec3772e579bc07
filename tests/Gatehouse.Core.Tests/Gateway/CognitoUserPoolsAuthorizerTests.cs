using Gatehouse.Core.Gateway.Authorizers;
using static Gatehouse.Core.Tests.Gateway.LocalPools;

namespace Gatehouse.Core.Tests.Gateway;

public sealed class CognitoUserPoolsAuthorizerTests : IAsyncLifetime
{
    private static readonly AuthorizationRequirements NoScopes = AuthorizationRequirements.None;
    private LocalPools _pools = null!;

    public async Task InitializeAsync() => _pools = await CreateAsync();

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    private CognitoUserPoolsAuthorizer Authorizer(string? validation = null, params string[] pools) =>
        new(new CognitoAuthorizerSettings("method.request.header.Authorization", [.. (pools.Length == 0 ? [PoolA] : pools).Select(Arn)], validation), _pools.Verifier);

    private static Task<AuthorizerDecision> Call(IAuthorizer authorizer, string? authorization, AuthorizationRequirements? requirements = null) =>
        authorizer.AuthorizeAsync(WithAuthorization(authorization), requirements ?? NoScopes, CancellationToken.None).AsTask();

    [Fact]
    public async Task An_id_token_passes_a_method_without_scopes_and_its_claims_reach_the_backend()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA, groups: ["admin"]);

        var allow = Assert.IsType<AuthorizerAllow>(await Call(Authorizer(), tokens.IdToken));

        Assert.Equal("sub-alice", allow.PrincipalId);
        Assert.Equal("alice", allow.Claims.GetProperty("cognito:username").GetString());
        Assert.Equal("admin", allow.Claims.GetProperty("cognito:groups")[0].GetString());
        Assert.Equal(ClientA, allow.Claims.GetProperty("aud").GetString());
        Assert.Empty(allow.Context);
        Assert.Equal(0, _pools.NetworkCalls);
    }

    [Fact]
    public async Task Id_tokens_of_any_app_client_of_the_pool_pass()
    {
        var other = await _pools.SignInAsync(PoolA, ClientA2, "bob");
        Assert.True((await Call(Authorizer(), other.IdToken)).IsAllowed);
    }

    [Theory]
    [InlineData("Bearer {0}")]
    [InlineData("bearer {0}")]
    [InlineData("Bearer   {0}  ")]
    [InlineData("{0}")]
    public async Task The_token_may_come_raw_or_after_Bearer(string format)
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        Assert.True((await Call(Authorizer(), string.Format(System.Globalization.CultureInfo.InvariantCulture, format, tokens.IdToken))).IsAllowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Bearer ")]
    [InlineData("not-a-jwt")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_missing_or_unreadable_token_is_unauthorized(string? authorization) =>
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(Authorizer(), authorization));

    [Fact]
    public async Task The_identity_source_names_any_header_case_insensitively()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var authorizer = new CognitoUserPoolsAuthorizer(new CognitoAuthorizerSettings("method.request.header.X-Auth-Token", [Arn(PoolA)]), _pools.Verifier);

        Assert.True((await authorizer.AuthorizeAsync(WithAuthorization(tokens.IdToken, "x-auth-token"), NoScopes, CancellationToken.None)).IsAllowed);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(authorizer, tokens.IdToken));
    }

    [Fact]
    public async Task Without_method_scopes_an_access_token_is_refused()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(Authorizer(), tokens.AccessToken));
    }

    [Fact]
    public async Task With_method_scopes_only_an_access_token_holding_one_of_them_passes()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA, oauthScopes: ["openid", "product-api/read"]);
        var m2m = await _pools.ClientCredentialsAsync(PoolA, ClientA, "product-api/create_product");
        var authorizer = Authorizer();

        Assert.True((await Call(authorizer, tokens.AccessToken, AuthorizationRequirements.ForScopes("product-api/write", "product-api/read"))).IsAllowed);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(authorizer, tokens.AccessToken, AuthorizationRequirements.ForScopes("product-api/write")));
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(authorizer, tokens.IdToken, AuthorizationRequirements.ForScopes("product-api/read")));

        // Seed 001: a client_credentials token holding only create_product passes POST and nothing else.
        Assert.True((await Call(authorizer, m2m, AuthorizationRequirements.ForScopes("product-api/create_product"))).IsAllowed);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(authorizer, m2m, AuthorizationRequirements.ForScopes("product-api/read_product")));
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(authorizer, m2m, AuthorizationRequirements.ForScopes("product-api/delete_product")));
    }

    [Fact]
    public async Task The_cognito_api_scope_works_like_any_other()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var allow = Assert.IsType<AuthorizerAllow>(await Call(Authorizer(), tokens.AccessToken, AuthorizationRequirements.ForScopes("aws.cognito.signin.user.admin")));
        Assert.Equal(["aws.cognito.signin.user.admin"], allow.Scopes);
    }

    [Fact]
    public async Task The_identity_validation_expression_must_match_the_whole_aud()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var other = await _pools.SignInAsync(PoolA, ClientA2, "bob");

        Assert.True((await Call(Authorizer(validation: ClientA), tokens.IdToken)).IsAllowed);
        Assert.True((await Call(Authorizer(validation: "clienta0+1"), tokens.IdToken)).IsAllowed);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(Authorizer(validation: ClientA), other.IdToken));
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(Authorizer(validation: "clienta"), tokens.IdToken));
    }

    [Fact]
    public async Task An_identity_validation_expression_refuses_access_tokens_which_have_no_aud()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(Authorizer(validation: ".*"), tokens.AccessToken, AuthorizationRequirements.ForScopes("aws.cognito.signin.user.admin")));
    }

    [Fact]
    public async Task Several_pools_each_pass_and_a_pool_not_listed_does_not()
    {
        var a = await _pools.SignInAsync(PoolA, ClientA);
        var b = await _pools.SignInAsync(PoolB, ClientB);

        Assert.True((await Call(Authorizer(null, PoolA, PoolB), a.IdToken)).IsAllowed);
        Assert.True((await Call(Authorizer(null, PoolA, PoolB), b.IdToken)).IsAllowed);
        Assert.Same(AuthorizerDeny.Unauthorized, await Call(Authorizer(null, PoolA), b.IdToken));
    }

    [Fact]
    public async Task An_expired_token_gets_the_expired_message()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var authorizer = Authorizer();
        Assert.True((await Call(authorizer, tokens.IdToken)).IsAllowed);

        _pools.Clock.Advance(TimeSpan.FromHours(1));

        var deny = Assert.IsType<AuthorizerDeny>(await Call(authorizer, tokens.IdToken));
        Assert.Equal((401, "UNAUTHORIZED", "The incoming token has expired"), (deny.StatusCode, deny.ResponseType, deny.Message));
        Assert.Null(deny.WwwAuthenticate);
    }

    [Fact]
    public async Task A_revoked_sign_in_is_refused_even_after_its_token_was_cached()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var authorizer = Authorizer();
        Assert.True((await Call(authorizer, tokens.IdToken)).IsAllowed);

        var origin = PayloadOf(tokens.IdToken!).Split("\"origin_jti\":\"")[1].Split('"')[0];
        _pools.Revocations.Add(origin, _pools.Clock.GetUtcNow().AddDays(1));

        Assert.Same(AuthorizerDeny.Unauthorized, await Call(authorizer, tokens.IdToken));
    }

    [Fact]
    public async Task A_required_group_admits_members_and_forbids_others()
    {
        var admin = await _pools.SignInAsync(PoolA, ClientA, "root", groups: ["users", "admin"]);
        var user = await _pools.SignInAsync(PoolA, ClientA, "bob", groups: ["users"]);
        var adminsOnly = new AuthorizationRequirements([], ["admin"]);

        Assert.True((await Call(Authorizer(), admin.IdToken, adminsOnly)).IsAllowed);
        var deny = Assert.IsType<AuthorizerDeny>(await Call(Authorizer(), user.IdToken, adminsOnly));
        Assert.Equal((403, "ACCESS_DENIED", "User is not authorized to access this resource"), (deny.StatusCode, deny.ResponseType, deny.Message));
    }

    [Fact]
    public async Task A_pool_may_be_named_by_a_stage_variable()
    {
        var tokens = await _pools.SignInAsync(PoolB, ClientB);
        var authorizer = new CognitoUserPoolsAuthorizer(
            new CognitoAuthorizerSettings("method.request.header.Authorization", ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/${stageVariables.pool}"]),
            _pools.Verifier);
        var onB = new GatewayRequest { Headers = WithAuthorization(tokens.IdToken).Headers, StageVariables = new Dictionary<string, string> { ["pool"] = PoolB } };
        var onA = new GatewayRequest { Headers = onB.Headers, StageVariables = new Dictionary<string, string> { ["pool"] = PoolA } };
        var none = new GatewayRequest { Headers = onB.Headers };

        Assert.True((await authorizer.AuthorizeAsync(onB, NoScopes, CancellationToken.None)).IsAllowed);
        Assert.Same(AuthorizerDeny.Unauthorized, await authorizer.AuthorizeAsync(onA, NoScopes, CancellationToken.None));
        Assert.Same(AuthorizerDeny.ConfigurationError, await authorizer.AuthorizeAsync(none, NoScopes, CancellationToken.None));
    }

    [Fact]
    public async Task A_token_seen_before_is_decided_synchronously_from_the_cache()
    {
        var tokens = await _pools.SignInAsync(PoolA, ClientA);
        var authorizer = Authorizer();
        var first = await Call(authorizer, tokens.IdToken);

        var again = authorizer.AuthorizeAsync(WithAuthorization("Bearer " + tokens.IdToken), NoScopes, CancellationToken.None);

        Assert.True(again.IsCompletedSuccessfully);
        Assert.Same(first, await again);
        Assert.Equal(1, _pools.Verifier.CachedCount);
    }

    [Theory]
    [InlineData("method.request.querystring.token")]
    [InlineData("Authorization")]
    [InlineData("method.request.header.")]
    public void Identity_sources_other_than_a_header_are_refused(string source) =>
        Assert.Throws<ArgumentException>(() => new CognitoUserPoolsAuthorizer(new CognitoAuthorizerSettings(source, [Arn(PoolA)]), _pools.Verifier));

    [Fact]
    public void Provider_arns_must_name_a_user_pool() =>
        Assert.Throws<ArgumentException>(() => new CognitoUserPoolsAuthorizer(
            new CognitoAuthorizerSettings("method.request.header.Authorization", ["arn:aws:iam::123456789012:role/x"]), _pools.Verifier));
}
