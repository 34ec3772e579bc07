using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>
/// <c>POST /oauth2/token</c>: client_credentials with custom scopes (seed 001), refresh_token, and RFC 6749's error for
/// every way a request can be wrong.
/// </summary>
public sealed class TokenEndpointTests : IAsyncLifetime
{
    private static readonly string[] ProductScopes = ["product-api/read_product", "product-api/create_product", "product-api/delete_product"];

    private TestGatehouse _gatehouse = null!;
    private string _poolId = "";
    private string _clientId = "";
    private string _secret = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _poolId = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "m2m" }))["UserPool"]!["Id"]!.GetValue<string>();
        await _gatehouse.CallAsync("CreateResourceServer", new
        {
            UserPoolId = _poolId,
            Identifier = "product-api",
            Name = "Products",
            Scopes = new[]
            {
                new { ScopeName = "read_product", ScopeDescription = "Read" },
                new { ScopeName = "create_product", ScopeDescription = "Create" },
                new { ScopeName = "delete_product", ScopeDescription = "Delete" },
            },
        });
        (_clientId, _secret) = await ClientAsync(["client_credentials"], ProductScopes);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private async Task<(string Id, string Secret)> ClientAsync(string[] flows, string[] scopes, bool oauth = true, bool secret = true)
    {
        var client = (await _gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = _poolId,
            ClientName = "m2m",
            GenerateSecret = secret,
            AllowedOAuthFlows = flows,
            AllowedOAuthScopes = scopes,
            AllowedOAuthFlowsUserPoolClient = oauth,
            CallbackURLs = flows.Contains("code") ? new[] { "https://example.com/cb" } : null,
        }))["UserPoolClient"]!;
        return (client["ClientId"]!.GetValue<string>(), client["ClientSecret"]?.GetValue<string>() ?? "");
    }

    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(
        string query, string? form = null, (string Id, string Secret)? basic = null, string contentType = "application/x-www-form-urlencoded")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token" + query);
        if (form is not null)
        {
            request.Content = new StringContent(form, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (basic is { } credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Id}:{credentials.Secret}")));
        }

        var response = await _gatehouse.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), response);
    }

    private async Task ExpectErrorAsync(string error, HttpStatusCode status, string query, string? form = null, (string, string)? basic = null, string contentType = "application/x-www-form-urlencoded")
    {
        var (actual, body, _) = await PostAsync(query, form, basic, contentType);
        Assert.Equal(status, actual);
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.Null(body["access_token"]);
    }

    [Fact]
    public async Task Client_credentials_with_Basic_in_the_query_string_grants_every_custom_scope()
    {
        var (status, body, response) = await PostAsync("?grant_type=client_credentials", basic: (_clientId, _secret));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(3600, body["expires_in"]!.GetValue<int>());
        Assert.Null(body["id_token"]);
        Assert.Null(body["refresh_token"]);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        var claims = Scenario.Payload(body["access_token"]!.GetValue<string>());
        string[] expected = ["sub", "token_use", "scope", "auth_time", "iss", "exp", "iat", "version", "jti", "client_id"];
        Assert.Equal(expected, claims.Select(c => c.Key).ToArray());
        Assert.Equal(_clientId, claims["sub"]!.GetValue<string>());
        Assert.Equal(_clientId, claims["client_id"]!.GetValue<string>());
        Assert.Equal("access", claims["token_use"]!.GetValue<string>());
        Assert.Equal(2, claims["version"]!.GetValue<int>());
        Assert.Equal($"{TestGatehouse.PublicUrl}/{_poolId}", claims["iss"]!.GetValue<string>());
        Assert.Equal(ProductScopes.Order(), claims["scope"]!.GetValue<string>().Split(' ').Order());
    }

    [Fact]
    public async Task Every_client_credentials_request_is_a_freshly_signed_token()
    {
        var validator = _gatehouse.Services.GetRequiredService<TokenValidator>();
        var jtis = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            var (status, body, _) = await PostAsync("", "grant_type=client_credentials&scope=product-api/read_product", (_clientId, _secret));
            Assert.Equal(HttpStatusCode.OK, status);
            var token = body["access_token"]!.GetValue<string>();
            Assert.True((await validator.CheckAsync(token, "access", CancellationToken.None)).IsValid);
            Assert.True(jtis.Add(Scenario.Payload(token)["jti"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Scopes_of_a_changed_or_deleted_resource_server_are_granted_as_they_are_now()
    {
        var (_, before, _) = await PostAsync("?grant_type=client_credentials", basic: (_clientId, _secret));
        Assert.Equal(3, Scenario.Payload(before["access_token"]!.GetValue<string>())["scope"]!.GetValue<string>().Split(' ').Length);

        await _gatehouse.CallAsync("UpdateResourceServer", new
        {
            UserPoolId = _poolId,
            Identifier = "product-api",
            Name = "Products",
            Scopes = new[] { new { ScopeName = "read_product", ScopeDescription = "Read" } },
        });
        var (_, narrowed, _) = await PostAsync("?grant_type=client_credentials", basic: (_clientId, _secret));
        Assert.Equal("product-api/read_product", Scenario.Payload(narrowed["access_token"]!.GetValue<string>())["scope"]!.GetValue<string>());
        await ExpectErrorAsync("invalid_scope", HttpStatusCode.BadRequest, "?grant_type=client_credentials&scope=product-api/delete_product", basic: (_clientId, _secret));

        await _gatehouse.CallAsync("DeleteResourceServer", new { UserPoolId = _poolId, Identifier = "product-api" });
        await ExpectErrorAsync("invalid_scope", HttpStatusCode.BadRequest, "?grant_type=client_credentials", basic: (_clientId, _secret));
    }

    [Fact]
    public async Task A_client_credentials_token_cannot_act_as_a_user()
    {
        var (_, body, _) = await PostAsync("?grant_type=client_credentials", basic: (_clientId, _secret));
        var error = await _gatehouse.FailAsync("GetUser", new { AccessToken = body["access_token"]!.GetValue<string>() }, "NotAuthorizedException");
        Assert.Equal("Access Token does not have required scopes", error.AwsMessage);
    }

    [Fact]
    public async Task Through_a_pool_domain_only_that_pools_clients_are_known()
    {
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "api-product" });
        var otherPool = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "other" }))["UserPool"]!["Id"]!.GetValue<string>();
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = otherPool, Domain = "other-pool" });

        foreach (var (host, expected) in new[] { ("api-product.auth.localhost", HttpStatusCode.OK), ("other-pool.auth.localhost", HttpStatusCode.Unauthorized), ("nobody.auth.localhost", HttpStatusCode.Unauthorized) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token?grant_type=client_credentials");
            request.Headers.Host = host;
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_clientId}:{_secret}")));
            var response = await _gatehouse.Http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_requested_scope_narrows_the_token()
    {
        var (status, body, _) = await PostAsync("?grant_type=client_credentials&scope=product-api/delete_product", basic: (_clientId, _secret));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("product-api/delete_product", Scenario.Payload(body["access_token"]!.GetValue<string>())["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Client_secret_post_in_the_form_works_and_the_token_validates()
    {
        var form = $"grant_type=client_credentials&client_id={_clientId}&client_secret={_secret}&scope=product-api%2Fread_product+product-api%2Fcreate_product";
        var (status, body, _) = await PostAsync("", form);
        Assert.Equal(HttpStatusCode.OK, status);
        var token = body["access_token"]!.GetValue<string>();
        Assert.Equal("product-api/read_product product-api/create_product", Scenario.Payload(token)["scope"]!.GetValue<string>());

        var check = await _gatehouse.Services.GetRequiredService<TokenValidator>().CheckAsync(token, "access", CancellationToken.None);
        Assert.True(check.IsValid, check.Verdict.ToString());
        Assert.Equal(_poolId, check.PoolId);
        Assert.Equal(_clientId, check.Claim("sub"));

        var jwks = JsonNode.Parse(await _gatehouse.Http.GetStringAsync($"/{_poolId}/.well-known/jwks.json"))!;
        Assert.Contains(Scenario.Header(token)["kid"]!.GetValue<string>(), jwks["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bad_client_credentials_are_invalid_client()
    {
        var (status, body, response) = await PostAsync("?grant_type=client_credentials", basic: (_clientId, _secret + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);

        var (postStatus, _, postResponse) = await PostAsync("", $"grant_type=client_credentials&client_id={_clientId}&client_secret=wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, postStatus);
        Assert.Empty(postResponse.Headers.WwwAuthenticate);

        await ExpectErrorAsync("invalid_client", HttpStatusCode.Unauthorized, "?grant_type=client_credentials", basic: ("unknownclient", _secret));
        await ExpectErrorAsync("invalid_client", HttpStatusCode.Unauthorized, "?grant_type=client_credentials");
        await ExpectErrorAsync("invalid_client", HttpStatusCode.Unauthorized, $"?grant_type=client_credentials&client_id={_clientId}");
        await ExpectErrorAsync("invalid_client", HttpStatusCode.Unauthorized, $"?grant_type=client_credentials&client_id=other", basic: (_clientId, _secret));
    }

    [Fact]
    public async Task Wrong_or_missing_grants_are_refused()
    {
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "", basic: (_clientId, _secret));
        await ExpectErrorAsync("unsupported_grant_type", HttpStatusCode.BadRequest, "?grant_type=password", basic: (_clientId, _secret));
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "?grant_type=refresh_token", basic: (_clientId, _secret));
        await ExpectErrorAsync("invalid_grant", HttpStatusCode.BadRequest, "?grant_type=refresh_token&refresh_token=forged", basic: (_clientId, _secret));
    }

    [Fact]
    public async Task Scopes_outside_the_clients_are_invalid_scope()
    {
        await ExpectErrorAsync("invalid_scope", HttpStatusCode.BadRequest, "?grant_type=client_credentials&scope=product-api/other", basic: (_clientId, _secret));
        await ExpectErrorAsync("invalid_scope", HttpStatusCode.BadRequest, "?grant_type=client_credentials&scope=openid", basic: (_clientId, _secret));

        var narrow = await ClientAsync(["client_credentials"], ["product-api/read_product"]);
        await ExpectErrorAsync("invalid_scope", HttpStatusCode.BadRequest, "?grant_type=client_credentials&scope=product-api/delete_product", basic: narrow);
    }

    [Fact]
    public async Task A_client_without_the_flow_is_unauthorized_client()
    {
        var code = await ClientAsync(["code"], ["openid", "product-api/read_product"]);
        await ExpectErrorAsync("unauthorized_client", HttpStatusCode.BadRequest, "?grant_type=client_credentials", basic: code);

        var (plainId, plainSecret) = (await _gatehouse.CallAsync("CreateUserPoolClient", new { UserPoolId = _poolId, ClientName = "plain", GenerateSecret = true }))["UserPoolClient"]!
            is var c ? (c["ClientId"]!.GetValue<string>(), c["ClientSecret"]!.GetValue<string>()) : default;
        await ExpectErrorAsync("unauthorized_client", HttpStatusCode.BadRequest, "?grant_type=client_credentials", basic: (plainId, plainSecret));
    }

    [Fact]
    public async Task Malformed_or_oversized_forms_are_invalid_request()
    {
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "", "grant_type=%zz", (_clientId, _secret));
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "", "grant_type=client_credentials&grant_type=client_credentials", (_clientId, _secret));
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "?grant_type=client_credentials", "grant_type=client_credentials", (_clientId, _secret));
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "", """{"grant_type":"client_credentials"}""", (_clientId, _secret), "application/json");
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "", "grant_type=client_credentials&pad=" + new string('a', 100_000), (_clientId, _secret));
        await ExpectErrorAsync("invalid_request", HttpStatusCode.BadRequest, "", $"grant_type=client_credentials&client_secret={_secret}", (_clientId, _secret));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token?grant_type=client_credentials");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic !!not-base64!!");
        var response = await _gatehouse.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refresh_token_from_the_Cognito_API_is_good_here()
    {
        var s = await Scenario.CreateAsync(_gatehouse);
        await s.SignUpConfirmedAsync("alice");
        var tokens = await s.TokensAsync("alice");

        var (status, body, _) = await PostAsync("", $"grant_type=refresh_token&client_id={s.ClientId}&refresh_token={Uri.EscapeDataString(tokens.RefreshToken)}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice", Scenario.Payload(body["id_token"]!.GetValue<string>())["cognito:username"]!.GetValue<string>());
        var access = body["access_token"]!.GetValue<string>();
        Assert.Equal(Scenario.Payload(tokens.AccessToken)["origin_jti"]!.GetValue<string>(), Scenario.Payload(access)["origin_jti"]!.GetValue<string>());
        Assert.True((await _gatehouse.Services.GetRequiredService<TokenValidator>().CheckAsync(access, "access", CancellationToken.None)).IsValid);

        await ExpectErrorAsync("invalid_grant", HttpStatusCode.BadRequest, "", $"grant_type=refresh_token&client_id={_clientId}&client_secret={_secret}&refresh_token={Uri.EscapeDataString(tokens.RefreshToken)}");
    }
}
