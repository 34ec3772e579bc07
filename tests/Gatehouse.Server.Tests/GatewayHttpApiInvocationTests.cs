using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>Invoking HTTP APIs: seed 004's JWT-protected route to a real backend, routing, stages and CORS.</summary>
public sealed class GatewayHttpApiInvocationTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private TestBackend _backend = null!;
    private ApiGatewayClient _api = null!;
    private Scenario _pool = null!;
    private string _apiId = "";
    private string _integration = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _backend = await TestBackend.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        _pool = await Scenario.CreateAsync(_gatehouse);
        _apiId = S(await _api.CallAsync("POST", "/v2/apis", new { name = "users", protocolType = "HTTP" }, 201), "apiId");
        _integration = S(await _api.CallAsync("POST", $"/v2/apis/{_apiId}/integrations", new
        {
            integrationType = "HTTP_PROXY",
            integrationMethod = "ANY",
            integrationUri = _backend.Url + "/echo/users/{userId}",
            payloadFormatVersion = "1.0",
        }, 201), "integrationId");
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private static string S(JsonNode node, string name) => node[name]!.GetValue<string>();

    private async Task<string> JwtAuthorizerAsync() =>
        S(await _api.CallAsync("POST", $"/v2/apis/{_apiId}/authorizers", new
        {
            name = "cognito",
            authorizerType = "JWT",
            identitySource = new[] { "$request.header.Authorization" },
            jwtConfiguration = new { audience = new[] { _pool.ClientId }, issuer = $"https://cognito-idp.us-east-1.amazonaws.com/{_pool.PoolId}" },
        }, 201), "authorizerId");

    private async Task RouteAsync(string routeKey, object? extra = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject();
        body["routeKey"] = routeKey;
        body["target"] = "integrations/" + _integration;
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/routes", body, 201);
    }

    private async Task<(int Status, string Body, HttpResponseMessage Response)> InvokeAsync(
        string method, string path, string? token = null, Dictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Host = $"{_apiId}.execute-api.localhost";
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Seed_004_GET_users_userId_answers_401_without_a_token_and_200_with_an_access_token_and_the_backend_sees_the_id()
    {
        var authorizer = await JwtAuthorizerAsync();
        await RouteAsync("GET /users/{userId}", new { authorizationType = "JWT", authorizerId = authorizer });
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/stages", new { stageName = "$default", autoDeploy = true }, 201);
        await _pool.SignUpConfirmedAsync("alice");
        var tokens = await _pool.TokensAsync("alice");

        var (status, body, response) = await InvokeAsync("GET", "/users/42");
        Assert.Equal(401, status);
        Assert.Equal("""{"message":"Unauthorized"}""", body);
        (status, _, response) = await InvokeAsync("GET", "/users/42", "not-a-jwt");
        Assert.Equal(401, status);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        (status, body, _) = await InvokeAsync("GET", "/users/42", tokens.AccessToken);
        Assert.Equal(200, status);
        Assert.Equal("/echo/users/42", JsonNode.Parse(body)!["path"]!.GetValue<string>());

        // The ID token's aud is the client too.
        Assert.Equal(200, (await InvokeAsync("GET", "/users/42", tokens.IdToken)).Status);
    }

    [Fact]
    public async Task No_route_is_404_Not_Found_and_a_missing_scope_403_Forbidden()
    {
        var authorizer = await JwtAuthorizerAsync();
        await RouteAsync("GET /users/{userId}", new { authorizationType = "JWT", authorizerId = authorizer, authorizationScopes = new[] { "users/read" } });
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/stages", new { stageName = "$default", autoDeploy = true }, 201);
        await _pool.SignUpConfirmedAsync("alice");
        var tokens = await _pool.TokensAsync("alice");

        var (status, body, _) = await InvokeAsync("GET", "/nothing");
        Assert.Equal(404, status);
        Assert.Equal("""{"message":"Not Found"}""", body);
        (status, body, _) = await InvokeAsync("GET", "/users/42", tokens.AccessToken);
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Forbidden"}""", body);
    }

    [Fact]
    public async Task A_named_stage_is_served_under_its_name_and_only_once_deployed()
    {
        await RouteAsync("GET /users/{userId}");
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/stages", new { stageName = "prod" }, 201);
        Assert.Equal(403, (await InvokeAsync("GET", "/prod/users/7")).Status);

        var deployment = S(await _api.CallAsync("POST", $"/v2/apis/{_apiId}/deployments", new { stageName = "prod" }, 201), "deploymentId");
        Assert.Matches("^[a-z0-9]+$", deployment);
        var (status, body, _) = await InvokeAsync("GET", "/prod/users/7?x=1");
        Assert.Equal(200, status);
        var echo = JsonNode.Parse(body)!;
        Assert.Equal("/echo/users/7", echo["path"]!.GetValue<string>());
        Assert.Equal("?x=1", echo["query"]!.GetValue<string>());
    }

    [Fact]
    public async Task CORS_preflights_are_answered_from_corsConfiguration_and_responses_carry_the_origin()
    {
        await _api.CallAsync("PATCH", $"/v2/apis/{_apiId}", new
        {
            corsConfiguration = new { allowOrigins = new[] { "https://app.example" }, allowMethods = new[] { "GET", "POST" }, allowHeaders = new[] { "authorization" }, maxAge = 300 },
        });
        await RouteAsync("GET /users/{userId}");
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/stages", new { stageName = "$default", autoDeploy = true }, 201);

        var (status, _, response) = await InvokeAsync("OPTIONS", "/users/1", headers: new() { ["Origin"] = "https://app.example", ["Access-Control-Request-Method"] = "GET" });
        Assert.Equal(204, status);
        Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET,POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("300", response.Headers.GetValues("Access-Control-Max-Age").Single());

        (status, _, response) = await InvokeAsync("GET", "/users/1", headers: new() { ["Origin"] = "https://app.example" });
        Assert.Equal(200, status);
        Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        (_, _, response) = await InvokeAsync("GET", "/users/1", headers: new() { ["Origin"] = "https://evil.example" });
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Claims_reach_the_backend_through_parameter_mapping()
    {
        var authorizer = await JwtAuthorizerAsync();
        await _api.CallAsync("PATCH", $"/v2/apis/{_apiId}/integrations/{_integration}", new
        {
            requestParameters = new Dictionary<string, string> { ["overwrite:header.X-User-Sub"] = "$context.authorizer.claims.sub", ["append:querystring.from"] = "gw" },
        });
        await RouteAsync("GET /users/{userId}", new { authorizationType = "JWT", authorizerId = authorizer });
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/stages", new { stageName = "$default", autoDeploy = true }, 201);
        var sub = await _pool.SignUpConfirmedAsync("alice");
        var tokens = await _pool.TokensAsync("alice");

        var (status, body, _) = await InvokeAsync("GET", "/users/42", tokens.AccessToken);
        Assert.Equal(200, status);
        var echo = JsonNode.Parse(body)!;
        Assert.Equal(sub, echo["headers"]!["x-user-sub"]!.GetValue<string>());
        Assert.Equal("?from=gw", echo["query"]!.GetValue<string>());
    }
}
