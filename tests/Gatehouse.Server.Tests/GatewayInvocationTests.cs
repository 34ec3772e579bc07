namespace Gatehouse.Server.Tests;

/// <summary>Invoking deployed REST API stages: the three URL forms, routing, Cognito authorizers and MOCK integrations.</summary>
public sealed class GatewayInvocationTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private Scenario _pool = null!;
    private string _id = "";
    private string _root = "";
    private string _news = "";
    private string _authorizer = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        _pool = await Scenario.CreateAsync(_gatehouse);
        (_id, _root) = await _api.CreateApiAsync("news");
        _news = await _api.CreateResourceAsync(_id, _root, "news");
        _authorizer = await _api.CreateCognitoAuthorizerAsync(_id, _pool.PoolId);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private async Task DeployAsync(string stage = "api") =>
        await _api.CallAsync("POST", $"/restapis/{_id}/deployments", new { stageName = stage }, 201);

    private async Task<(int Status, string Body, HttpResponseMessage Response)> InvokeAsync(string method, string url, string? token = null, string? host = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Seed_000_DELETE_news_answers_401_without_a_token_and_200_with_an_ID_token()
    {
        await _api.PutMockMethodAsync(_id, _news, "DELETE", new { authorizationType = "COGNITO_USER_POOLS", authorizerId = _authorizer });
        await DeployAsync();
        await _pool.SignUpConfirmedAsync("alice");
        var tokens = await _pool.TokensAsync("alice");

        var (status, body, response) = await InvokeAsync("DELETE", $"/restapis/{_id}/api/_user_request_/news");
        Assert.Equal(401, status);
        Assert.Equal("""{"message":"Unauthorized"}""", body);
        Assert.Equal("UnauthorizedException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));

        Assert.Equal(200, (await InvokeAsync("DELETE", $"/restapis/{_id}/api/_user_request_/news", tokens.IdToken)).Status);
        Assert.Equal(200, (await InvokeAsync("DELETE", $"/restapis/{_id}/api/_user_request_/news", "Bearer " + tokens.IdToken)).Status);

        // Without method scopes the authorizer takes ID tokens only.
        Assert.Equal(401, (await InvokeAsync("DELETE", $"/restapis/{_id}/api/_user_request_/news", tokens.AccessToken)).Status);
    }

    [Fact]
    public async Task The_three_URL_forms_reach_the_same_stage()
    {
        await _api.PutMockMethodAsync(_id, _news, "GET");
        await DeployAsync();

        Assert.Equal(200, (await InvokeAsync("GET", $"/restapis/{_id}/api/_user_request_/news")).Status);
        Assert.Equal(200, (await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/news")).Status);
        Assert.Equal(200, (await InvokeAsync("GET", "/api/news", host: $"{_id}.execute-api.localhost:9229")).Status);

        // The execute-api host owns every path, Cognito's POST / included.
        var (status, body, _) = await InvokeAsync("POST", "/", host: $"{_id}.execute-api.localhost");
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Forbidden"}""", body);
    }

    [Fact]
    public async Task No_matching_resource_or_method_is_403_Missing_Authentication_Token_and_an_unknown_stage_403_Forbidden()
    {
        await _api.PutMockMethodAsync(_id, _news, "GET");
        await DeployAsync();

        var (status, body, response) = await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/sports");
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Missing Authentication Token"}""", body);
        Assert.Equal("MissingAuthenticationTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(403, (await InvokeAsync("POST", $"/_aws/execute-api/{_id}/api/news")).Status);

        (status, body, _) = await InvokeAsync("GET", $"/_aws/execute-api/{_id}/prod/news");
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Forbidden"}""", body);
        Assert.Equal(403, (await InvokeAsync("GET", "/_aws/execute-api/nosuchapi1/api/news")).Status);
    }

    [Fact]
    public async Task Changes_are_live_only_after_a_deployment()
    {
        await _api.PutMockMethodAsync(_id, _news, "GET");
        await DeployAsync();
        var sports = await _api.CreateResourceAsync(_id, _root, "sports");
        await _api.PutMockMethodAsync(_id, sports, "GET");

        Assert.Equal(403, (await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/sports")).Status);
        await DeployAsync();
        Assert.Equal(200, (await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/sports")).Status);
    }

    [Fact]
    public async Task Routing_prefers_a_literal_then_a_parameter_then_a_greedy_path_and_an_exact_verb_before_ANY()
    {
        var users = await _api.CreateResourceAsync(_id, _root, "users");
        var me = await _api.CreateResourceAsync(_id, users, "me");
        var user = await _api.CreateResourceAsync(_id, users, "{userId}");
        var proxy = await _api.CreateResourceAsync(_id, _root, "{proxy+}");
        await PutEchoAsync(me, "GET", "me");
        await PutEchoAsync(user, "GET", "user $input.params('userId')");
        await PutEchoAsync(user, "ANY", "any-user");
        await PutEchoAsync(proxy, "ANY", "proxy $input.params('proxy')");
        await DeployAsync();

        Assert.Equal("me", (await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/users/me")).Body);
        Assert.Equal("user 42", (await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/users/42")).Body);
        Assert.Equal("any-user", (await InvokeAsync("PUT", $"/_aws/execute-api/{_id}/api/users/42")).Body);
        Assert.Equal("proxy users/42/books", (await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/users/42/books")).Body);
        Assert.Equal("proxy a", (await InvokeAsync("POST", $"/_aws/execute-api/{_id}/api/a")).Body);
    }

    [Fact]
    public async Task A_method_requiring_a_group_answers_403_to_a_user_outside_it()
    {
        await _api.PutMockMethodAsync(_id, _news, "DELETE", new
        {
            authorizationType = "COGNITO_USER_POOLS",
            authorizerId = _authorizer,
            authorizationGroups = new[] { "admin" },
        });
        await DeployAsync();
        await _gatehouse.CallAsync("CreateGroup", new { UserPoolId = _pool.PoolId, GroupName = "admin" });
        await _pool.SignUpConfirmedAsync("alice");
        await _pool.SignUpConfirmedAsync("bob");
        await _gatehouse.CallAsync("AdminAddUserToGroup", new { UserPoolId = _pool.PoolId, Username = "alice", GroupName = "admin" });

        var alice = await _pool.TokensAsync("alice");
        var bob = await _pool.TokensAsync("bob");
        Assert.Equal(200, (await InvokeAsync("DELETE", $"/_aws/execute-api/{_id}/api/news", alice.IdToken)).Status);
        var (status, body, _) = await InvokeAsync("DELETE", $"/_aws/execute-api/{_id}/api/news", bob.IdToken);
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"User is not authorized to access this resource"}""", body);
    }

    [Fact]
    public async Task A_customised_gateway_response_shapes_the_refusal_once_deployed()
    {
        await _api.PutMockMethodAsync(_id, _news, "DELETE", new { authorizationType = "COGNITO_USER_POOLS", authorizerId = _authorizer });
        await _api.CallAsync("PUT", $"/restapis/{_id}/gatewayresponses/UNAUTHORIZED", new
        {
            statusCode = "401",
            responseParameters = new Dictionary<string, string> { ["gatewayresponse.header.Access-Control-Allow-Origin"] = "'*'" },
            responseTemplates = new Dictionary<string, string> { ["application/json"] = """{"error":$context.error.messageString,"type":"$context.error.responseType"}""" },
        }, 201);
        await DeployAsync();

        var (status, body, response) = await InvokeAsync("DELETE", $"/_aws/execute-api/{_id}/api/news");
        Assert.Equal(401, status);
        Assert.Equal("""{"error":"Unauthorized","type":"UNAUTHORIZED"}""", body);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // A customised DEFAULT_4XX covers the 403 of a missing route too.
        await _api.CallAsync("PUT", $"/restapis/{_id}/gatewayresponses/DEFAULT_4XX", new
        {
            responseTemplates = new Dictionary<string, string> { ["application/json"] = """{"oops":$context.error.messageString}""" },
        }, 201);
        await DeployAsync();
        (status, body, _) = await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/nothing");
        Assert.Equal(403, status);
        Assert.Equal("""{"oops":"Missing Authentication Token"}""", body);
    }

    [Fact]
    public async Task A_method_requiring_an_API_key_takes_only_a_key_of_a_usage_plan_of_the_stage()
    {
        await _api.PutMockMethodAsync(_id, _news, "GET", new { authorizationType = "NONE", apiKeyRequired = true });
        await DeployAsync();
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "partner", enabled = true }, 201);
        var plan = await _api.CallAsync("POST", "/usageplans", new
        {
            name = "basic",
            apiStages = new[] { new { apiId = _id, stage = "api" } },
            quota = new { limit = 2, period = "DAY" },
        }, 201);
        var url = $"/_aws/execute-api/{_id}/api/news";

        var (status, body, _) = await InvokeAsync("GET", url);
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Forbidden"}""", body);
        Assert.Equal(403, (await InvokeWithKeyAsync(url, key["value"]!.GetValue<string>())).Status);

        await _api.CallAsync("POST", $"/usageplans/{plan["id"]}/keys", new { keyId = key["id"]!.GetValue<string>(), keyType = "API_KEY" }, 201);
        Assert.Equal(200, (await InvokeWithKeyAsync(url, key["value"]!.GetValue<string>())).Status);
        Assert.Equal(200, (await InvokeWithKeyAsync(url, key["value"]!.GetValue<string>())).Status);
        (status, body) = await InvokeWithKeyAsync(url, key["value"]!.GetValue<string>());
        Assert.Equal(429, status);
        Assert.Equal("""{"message":"Limit Exceeded"}""", body);
    }

    [Fact]
    public async Task Stage_throttling_answers_429_Too_Many_Requests_past_the_burst()
    {
        await _api.PutMockMethodAsync(_id, _news, "GET");
        await DeployAsync();
        await _api.CallAsync("PATCH", $"/restapis/{_id}/stages/api", ApiGatewayClient.Patch(
            ("replace", "/~1news/GET/throttling/burstLimit", "2"), ("replace", "/~1news/GET/throttling/rateLimit", "1")));
        var url = $"/_aws/execute-api/{_id}/api/news";

        Assert.Equal(200, (await InvokeAsync("GET", url)).Status);
        Assert.Equal(200, (await InvokeAsync("GET", url)).Status);
        var (status, body, response) = await InvokeAsync("GET", url);
        Assert.Equal(429, status);
        Assert.Equal("""{"message":"Too Many Requests"}""", body);
        Assert.Equal("TooManyRequestsException", response.Headers.GetValues("x-amzn-ErrorType").Single());

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await InvokeAsync("GET", url)).Status);
    }

    private async Task<(int Status, string Body)> InvokeWithKeyAsync(string url, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-api-key", key);
        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_expired_token_answers_The_incoming_token_has_expired()
    {
        await _api.PutMockMethodAsync(_id, _news, "DELETE", new { authorizationType = "COGNITO_USER_POOLS", authorizerId = _authorizer });
        await DeployAsync();
        await _pool.SignUpConfirmedAsync("alice");
        var tokens = await _pool.TokensAsync("alice");
        _gatehouse.Clock.Advance(TimeSpan.FromHours(2));

        var (status, body, _) = await InvokeAsync("DELETE", $"/_aws/execute-api/{_id}/api/news", tokens.IdToken);
        Assert.Equal(401, status);
        Assert.Equal("""{"message":"The incoming token has expired"}""", body);
    }

    [Fact]
    public async Task MOCK_templates_select_the_integration_response_and_shape_the_reply()
    {
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/POST", new { authorizationType = "NONE" }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/POST/integration", new
        {
            type = "MOCK",
            // CDK writes the template unquoted.
            requestTemplates = new Dictionary<string, string> { ["application/json"] = "{statusCode: $input.params('code')}" },
        }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/POST/responses/200", new { responseParameters = new Dictionary<string, bool> { ["method.response.header.X-Stage"] = false } }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/POST/responses/404", new { }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/POST/integration/responses/200", new
        {
            selectionPattern = "",
            responseParameters = new Dictionary<string, string> { ["method.response.header.X-Stage"] = "context.stage" },
            responseTemplates = new Dictionary<string, string> { ["application/json"] = """{"stage":"$context.stage","path":"$context.resourcePath"}""" },
        }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/POST/integration/responses/404", new
        {
            selectionPattern = "404",
            responseTemplates = new Dictionary<string, string> { ["application/json"] = """{"missing":true}""" },
        }, 201);
        await DeployAsync();

        var (status, body, response) = await InvokeAsync("POST", $"/_aws/execute-api/{_id}/api/news?code=200");
        Assert.Equal(200, status);
        Assert.Equal("""{"stage":"api","path":"/news"}""", body);
        Assert.Equal("api", response.Headers.GetValues("X-Stage").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);

        (status, body, _) = await InvokeAsync("POST", $"/_aws/execute-api/{_id}/api/news?code=404");
        Assert.Equal(404, status);
        Assert.Equal("""{"missing":true}""", body);
    }

    [Fact]
    public async Task A_MOCK_without_a_matching_integration_response_answers_500()
    {
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/GET", new { authorizationType = "NONE" }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/GET/integration", new { type = "MOCK" }, 201);
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("GET", $"/_aws/execute-api/{_id}/api/news");
        Assert.Equal(500, status);
        Assert.Equal("""{"message":"Internal server error"}""", body);
    }

    private async Task PutEchoAsync(string resourceId, string verb, string template)
    {
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resourceId}/methods/{verb}", new { authorizationType = "NONE" }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resourceId}/methods/{verb}/integration", new
        {
            type = "MOCK",
            requestTemplates = new Dictionary<string, string> { ["application/json"] = "{\"statusCode\": 200}" },
        }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resourceId}/methods/{verb}/responses/200", new { }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resourceId}/methods/{verb}/integration/responses/200", new
        {
            selectionPattern = "",
            responseTemplates = new Dictionary<string, string> { ["application/json"] = template },
        }, 201);
    }
}
