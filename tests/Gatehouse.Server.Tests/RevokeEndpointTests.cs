using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>
/// <c>POST /oauth2/revoke</c>: a refresh token ends its sign-in (the refresh token and every access and ID token
/// issued from it); Cognito's answers for unknown tokens, access tokens, bad clients and clients without revocation.
/// </summary>
public sealed class RevokeEndpointTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private string _poolId = "";
    private OAuthClient _public = null!;
    private OAuthClient _confidential = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _poolId = await _gatehouse.CreatePoolAsync(new { PoolName = "web" });
        _public = await _gatehouse.CreateOAuthClientAsync(_poolId);
        _confidential = await _gatehouse.CreateOAuthClientAsync(_poolId, secret: true);
        await _gatehouse.CreateUserAsync(_poolId, "alice", ("email", "alice@example.com"));
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private Task<TokenAnswer> SignInAsync(OAuthClient client) => _gatehouse.SignInWithCodeAsync(client, "alice", "openid email aws.cognito.signin.user.admin");

    private async Task<HttpStatusCode> UserInfoStatusAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userInfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await _gatehouse.Http.SendAsync(request)).StatusCode;
    }

    private async Task ExpectErrorAsync(string error, HttpStatusCode status, string form, (string, string)? basic = null)
    {
        var (actual, body, _) = await _gatehouse.RevokeAsync(form, basic);
        Assert.Equal(status, actual);
        Assert.Equal(error, JsonNode.Parse(body)!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoking_a_refresh_token_ends_the_sign_in_it_belongs_to_and_no_other()
    {
        var tokens = await SignInAsync(_public);
        var other = await SignInAsync(_public);
        var refreshed = await _gatehouse.RefreshWithTokenEndpointAsync(_public, tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(tokens.AccessToken!));
        await _gatehouse.CallAsync("GetUser", new { AccessToken = tokens.AccessToken });

        var (status, body, response) = await _gatehouse.RevokeAsync($"token={Uri.EscapeDataString(tokens.RefreshToken!)}&client_id={_public.ClientId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());

        // The refresh token, the access and ID tokens issued with it, and those issued from it since.
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(tokens.AccessToken!));
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(refreshed.AccessToken!));
        var getUser = await _gatehouse.FailAsync("GetUser", new { AccessToken = tokens.AccessToken }, "NotAuthorizedException");
        Assert.Equal("Access Token has been revoked", getUser.AwsMessage);
        var validator = _gatehouse.Services.GetRequiredService<TokenValidator>();
        Assert.Equal(TokenVerdict.Revoked, (await validator.CheckAsync(tokens.IdToken, "id", CancellationToken.None)).Verdict);
        Assert.Equal(TokenVerdict.Revoked, (await validator.CheckAsync(refreshed.IdToken, "id", CancellationToken.None)).Verdict);
        var again = await _gatehouse.RefreshWithTokenEndpointAsync(_public, tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("invalid_grant", again.Error);

        // The user's other sign-in goes on.
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(other.AccessToken!));
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.RefreshWithTokenEndpointAsync(_public, other.RefreshToken!)).Status);
    }

    [Fact]
    public async Task A_confidential_client_revokes_with_Basic_or_with_its_secret_in_the_form()
    {
        var first = await SignInAsync(_confidential);
        var (basicStatus, _, _) = await _gatehouse.RevokeAsync($"token={Uri.EscapeDataString(first.RefreshToken!)}", _confidential.Basic);
        Assert.Equal(HttpStatusCode.OK, basicStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(first.AccessToken!));

        var second = await SignInAsync(_confidential);
        var form = Query.Join(("token", second.RefreshToken), ("client_id", _confidential.ClientId), ("client_secret", _confidential.Secret));
        var (postStatus, _, _) = await _gatehouse.RevokeAsync(form);
        Assert.Equal(HttpStatusCode.OK, postStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(second.AccessToken!));
    }

    [Fact]
    public async Task A_refresh_token_of_the_Cognito_API_is_revoked_here_too()
    {
        var signedIn = (await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _public.ClientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = UserSteps.Password },
        }))["AuthenticationResult"]!;
        var (status, _, _) = await _gatehouse.RevokeAsync(Query.Join(("token", signedIn["RefreshToken"]!.GetValue<string>()), ("client_id", _public.ClientId)));
        Assert.Equal(HttpStatusCode.OK, status);
        var error = await _gatehouse.FailAsync("GetUser", new { AccessToken = signedIn["AccessToken"]!.GetValue<string>() }, "NotAuthorizedException");
        Assert.Equal("Access Token has been revoked", error.AwsMessage);
    }

    [Fact]
    public async Task Unknown_revoked_or_another_clients_tokens_answer_200_and_change_nothing()
    {
        var (unknown, unknownBody, _) = await _gatehouse.RevokeAsync($"token=nosuchtoken&client_id={_public.ClientId}");
        Assert.Equal(HttpStatusCode.OK, unknown);
        Assert.Empty(unknownBody);

        var tokens = await SignInAsync(_public);
        var form = Query.Join(("token", tokens.RefreshToken), ("client_id", _public.ClientId));
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.RevokeAsync(form)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.RevokeAsync(form)).Status);

        // Another client cannot end this client's sign-in.
        var others = await SignInAsync(_confidential);
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.RevokeAsync(Query.Join(("token", others.RefreshToken), ("client_id", _public.ClientId)))).Status);
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(others.AccessToken!));
        Assert.Equal(HttpStatusCode.OK, (await _gatehouse.RefreshWithTokenEndpointAsync(_confidential, others.RefreshToken!)).Status);
    }

    [Fact]
    public async Task An_access_or_ID_token_is_unsupported_token_type_and_stays_good()
    {
        var tokens = await SignInAsync(_public);
        await ExpectErrorAsync("unsupported_token_type", HttpStatusCode.BadRequest, Query.Join(("token", tokens.AccessToken), ("client_id", _public.ClientId)));
        await ExpectErrorAsync("unsupported_token_type", HttpStatusCode.BadRequest, Query.Join(("token", tokens.IdToken), ("client_id", _public.ClientId)));
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(tokens.AccessToken!));
    }

    [Fact]
    public async Task Bad_requests_and_bad_clients_are_refused_and_revoke_nothing()
    {
        var tokens = await SignInAsync(_confidential);
        var token = Uri.EscapeDataString(tokens.RefreshToken!);

        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "", _confidential.Basic);
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, $"token={token}&token={token}", _confidential.Basic);
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "token=%zz", _confidential.Basic);

        var (wrongStatus, wrongBody, wrongResponse) = await _gatehouse.RevokeAsync($"token={token}", (_confidential.ClientId, "wrong-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongStatus);
        Assert.Equal("invalid_client", JsonNode.Parse(wrongBody)!["error"]!.GetValue<string>());
        Assert.Equal("Basic", wrongResponse.Headers.WwwAuthenticate.Single().Scheme);
        await ExpectErrorAsync("invalid_client", HttpStatusCode.Unauthorized, $"token={token}&client_id={_confidential.ClientId}");
        await ExpectErrorAsync("invalid_client", HttpStatusCode.Unauthorized, $"token={token}");
        await ExpectErrorAsync("invalid_client", HttpStatusCode.Unauthorized, $"token={token}&client_id=nosuchclient");
        await ExpectErrorAsync("invalid_client", HttpStatusCode.Unauthorized, $"token={token}&client_id={_public.ClientId}&client_secret=unexpected");

        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(tokens.AccessToken!));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _gatehouse.Http.GetAsync(new Uri("/oauth2/revoke", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_client_with_revocation_turned_off_is_invalid_request()
    {
        var noRevocation = await _gatehouse.CreateOAuthClientAsync(_poolId, enableTokenRevocation: false);
        var tokens = await SignInAsync(noRevocation);
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, Query.Join(("token", tokens.RefreshToken), ("client_id", noRevocation.ClientId)));
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(tokens.AccessToken!));
    }

    [Fact]
    public async Task Through_a_pool_domain_only_that_pools_clients_are_known()
    {
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "alpha" });
        var otherPool = await _gatehouse.CreatePoolAsync(new { PoolName = "other" });
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = otherPool, Domain = "beta" });
        var tokens = await SignInAsync(_public);

        foreach (var (host, expected) in new[] { ("beta.auth.localhost", HttpStatusCode.Unauthorized), ("alpha.auth.localhost", HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/revoke")
            {
                Content = new FormUrlEncodedContent([new("token", tokens.RefreshToken!), new("client_id", _public.ClientId)]),
            };
            request.Headers.Host = host;
            Assert.Equal(expected, (await _gatehouse.Http.SendAsync(request)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(tokens.AccessToken!));
    }
}
