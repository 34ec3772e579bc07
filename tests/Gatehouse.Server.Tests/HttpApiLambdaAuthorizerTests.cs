using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>
/// HTTP APIs' Lambda (REQUEST) authorizers end to end: payload 2.0 with simple responses, payload 1.0 and 2.0 with IAM
/// policies, the events, 401/403/500, caching, and the context reaching an HTTP_PROXY integration through a mapping.
/// </summary>
public sealed class HttpApiLambdaAuthorizerTests : IAsyncLifetime
{
    private const string Uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:{0}/invocations";

    private TestGatehouse _gatehouse = null!;
    private TestBackend _backend = null!;
    private FunctionServer _functions = null!;
    private ApiGatewayClient _api = null!;
    private string _apiId = "";
    private string _integration = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _backend = await TestBackend.StartAsync();
        _functions = await FunctionServer.StartAsync(_gatehouse);
        _api = new ApiGatewayClient(_gatehouse);
        _apiId = S(await _api.CallAsync("POST", "/v2/apis", new { name = "items", protocolType = "HTTP" }, 201), "apiId");
        _integration = S(await _api.CallAsync("POST", $"/v2/apis/{_apiId}/integrations", new
        {
            integrationType = "HTTP_PROXY",
            integrationMethod = "ANY",
            integrationUri = _backend.Url + "/echo/items/{id}",
            payloadFormatVersion = "1.0",
            requestParameters = new Dictionary<string, string> { ["overwrite:header.x-auth-user"] = "$context.authorizer.user" },
        }, 201), "integrationId");
        await _functions.AddAsync("simple", e =>
        {
            var user = e["headers"]!["x-user"]?.GetValue<string>();
            return user == "boom"
                ? FunctionReply.Raise("boom")
                : user == "garbage" ? FunctionReply.Json(new JsonObject { ["allowed"] = true })
                : FunctionReply.Json(new JsonObject { ["isAuthorized"] = user == "alice", ["context"] = new JsonObject { ["user"] = user, ["n"] = 3 } });
        });
        await _functions.AddAsync("policy", e =>
        {
            var user = (e["headers"]!["X-User"] ?? e["headers"]!["x-user"])!.GetValue<string>();
            var arn = (e["methodArn"] ?? e["routeArn"])!.GetValue<string>();
            return FunctionReply.Json(new JsonObject
            {
                ["principalId"] = user,
                ["policyDocument"] = new JsonObject
                {
                    ["Version"] = "2012-10-17",
                    ["Statement"] = new JsonArray(new JsonObject { ["Action"] = "execute-api:Invoke", ["Effect"] = user == "alice" ? "Allow" : "Deny", ["Resource"] = arn }),
                },
                ["context"] = new JsonObject { ["user"] = user },
            });
        });
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _backend.DisposeAsync();
        await _functions.DisposeAsync();
    }

    private static string S(JsonNode node, string name) => node[name]!.GetValue<string>();

    private static string Arn(string function) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Uri, function);

    private async Task<string> AuthorizerAsync(string function, string version, bool simple, int? ttl = null, string[]? identitySource = null) =>
        S(await _api.CallAsync("POST", $"/v2/apis/{_apiId}/authorizers", new
        {
            name = function + version + simple + ttl,
            authorizerType = "REQUEST",
            authorizerUri = Arn(function),
            authorizerPayloadFormatVersion = version,
            enableSimpleResponses = simple,
            identitySource = identitySource ?? ["$request.header.X-User"],
            authorizerResultTtlInSeconds = ttl,
        }, 201), "authorizerId");

    private async Task RouteAsync(string routeKey, string authorizer) =>
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/routes", new
        {
            routeKey,
            target = "integrations/" + _integration,
            authorizationType = "CUSTOM",
            authorizerId = authorizer,
        }, 201);

    private async Task StageAsync() =>
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/stages", new { stageName = "$default", autoDeploy = true, stageVariables = new { color = "blue" } }, 201);

    private async Task<(int Status, string Body)> InvokeAsync(string path, string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = $"{_apiId}.execute-api.localhost";
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("X-User", user);
        }

        request.Headers.TryAddWithoutValidation("Cookie", "a=1; b=2");
        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Simple_responses_allow_with_the_context_reaching_the_integration_and_deny_with_403_Forbidden()
    {
        await RouteAsync("GET /items/{id}", await AuthorizerAsync("simple", "2.0", simple: true));
        await StageAsync();

        var (status, body) = await InvokeAsync("/items/9?q=1&q=2", "alice");
        Assert.Equal(200, status);
        var echo = JsonNode.Parse(body)!;
        Assert.Equal("/echo/items/9", echo["path"]!.GetValue<string>());
        Assert.Equal("alice", echo["headers"]!["x-auth-user"]!.GetValue<string>());

        (status, body) = await InvokeAsync("/items/9", "mallory");
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Forbidden"}""", body);

        var e = _functions.Events("simple")[0];
        Assert.Equal("2.0", e["version"]!.GetValue<string>());
        Assert.Equal("REQUEST", e["type"]!.GetValue<string>());
        Assert.Equal($"arn:aws:execute-api:us-east-1:123456789012:{_apiId}/$default/GET/items/9", e["routeArn"]!.GetValue<string>());
        Assert.Equal("""["alice"]""", e["identitySource"]!.ToJsonString());
        Assert.Equal("GET /items/{id}", e["routeKey"]!.GetValue<string>());
        Assert.Equal("/items/9", e["rawPath"]!.GetValue<string>());
        Assert.Equal("q=1&q=2", e["rawQueryString"]!.GetValue<string>());
        Assert.Equal("""["a=1","b=2"]""", e["cookies"]!.ToJsonString());
        Assert.Equal("1,2", e["queryStringParameters"]!["q"]!.GetValue<string>());
        Assert.Null(e["headers"]!["cookie"]);
        Assert.Equal("""{"id":"9"}""", e["pathParameters"]!.ToJsonString());
        Assert.Equal("""{"color":"blue"}""", e["stageVariables"]!.ToJsonString());
        Assert.Equal("GET", e["requestContext"]!["http"]!["method"]!.GetValue<string>());
        Assert.Equal("$default", e["requestContext"]!["stage"]!.GetValue<string>());
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeMilliseconds(), e["requestContext"]!["timeEpoch"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_missing_identity_source_is_401_without_invoking_and_errors_or_garbage_are_500()
    {
        await RouteAsync("GET /items/{id}", await AuthorizerAsync("simple", "2.0", simple: true));
        await StageAsync();

        var (status, body) = await InvokeAsync("/items/9");
        Assert.Equal(401, status);
        Assert.Equal("""{"message":"Unauthorized"}""", body);
        Assert.Equal(0, _functions.Invocations("simple"));

        (status, body) = await InvokeAsync("/items/9", "boom");
        Assert.Equal(500, status);
        Assert.Equal("""{"message":"Internal Server Error"}""", body);
        Assert.Equal(500, (await InvokeAsync("/items/9", "garbage")).Status);
    }

    [Fact]
    public async Task Payload_1_0_sends_REST_REQUEST_event_and_evaluates_the_policy()
    {
        await RouteAsync("GET /items/{id}", await AuthorizerAsync("policy", "1.0", simple: false));
        await StageAsync();

        var (status, body) = await InvokeAsync("/items/5", "alice");
        Assert.Equal(200, status);
        Assert.Equal("alice", JsonNode.Parse(body)!["headers"]!["x-auth-user"]!.GetValue<string>());
        (status, body) = await InvokeAsync("/items/5", "mallory");
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Forbidden"}""", body);

        var e = _functions.Events("policy")[0];
        Assert.Equal("1.0", e["version"]!.GetValue<string>());
        Assert.Equal("REQUEST", e["type"]!.GetValue<string>());
        Assert.Equal($"arn:aws:execute-api:us-east-1:123456789012:{_apiId}/$default/GET/items/5", e["methodArn"]!.GetValue<string>());
        Assert.Equal("alice", e["identitySource"]!.GetValue<string>());
        Assert.Equal("alice", e["authorizationToken"]!.GetValue<string>());
        Assert.Equal("/items/{id}", e["resource"]!.GetValue<string>());
        Assert.Equal("/items/5", e["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Payload_2_0_with_an_IAM_policy_is_evaluated_against_the_route_ARN()
    {
        await RouteAsync("GET /items/{id}", await AuthorizerAsync("policy", "2.0", simple: false));
        await StageAsync();

        Assert.Equal(200, (await InvokeAsync("/items/5", "alice")).Status);
        Assert.Equal(403, (await InvokeAsync("/items/5", "mallory")).Status);
    }

    [Fact]
    public async Task Results_are_cached_by_identity_source_for_the_TTL_and_TTL_0_invokes_every_time()
    {
        await RouteAsync("GET /items/{id}", await AuthorizerAsync("simple", "2.0", simple: true, ttl: 30));
        await RouteAsync("GET /other/{id}", await AuthorizerAsync("policy", "2.0", simple: false, ttl: 0));
        await StageAsync();

        Assert.Equal(200, (await InvokeAsync("/items/1", "alice")).Status);
        Assert.Equal(200, (await InvokeAsync("/items/2", "alice")).Status);
        Assert.Equal(403, (await InvokeAsync("/items/1", "mallory")).Status);
        Assert.Equal(403, (await InvokeAsync("/items/1", "mallory")).Status);
        Assert.Equal(2, _functions.Invocations("simple"));
        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(200, (await InvokeAsync("/items/1", "alice")).Status);
        Assert.Equal(3, _functions.Invocations("simple"));

        await InvokeAsync("/other/1", "alice");
        await InvokeAsync("/other/1", "alice");
        Assert.Equal(2, _functions.Invocations("policy"));
    }

    [Fact]
    public async Task Management_checks_REQUEST_authorizers_as_AWS_does()
    {
        await _api.FailAsync("POST", $"/v2/apis/{_apiId}/authorizers", new
        {
            name = "no-version",
            authorizerType = "REQUEST",
            authorizerUri = Arn("simple"),
            identitySource = new[] { "$request.header.X-User" },
        }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/v2/apis/{_apiId}/authorizers", new
        {
            name = "simple-1.0",
            authorizerType = "REQUEST",
            authorizerUri = Arn("simple"),
            authorizerPayloadFormatVersion = "1.0",
            enableSimpleResponses = true,
        }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/v2/apis/{_apiId}/authorizers", new
        {
            name = "cache-without-source",
            authorizerType = "REQUEST",
            authorizerUri = Arn("simple"),
            authorizerPayloadFormatVersion = "2.0",
            authorizerResultTtlInSeconds = 300,
        }, 400, "BadRequestException");

        // Without caching, identity sources are optional; the function is then invoked for every request.
        var created = await _api.CallAsync("POST", $"/v2/apis/{_apiId}/authorizers", new
        {
            name = "open",
            authorizerType = "REQUEST",
            authorizerUri = Arn("simple"),
            authorizerPayloadFormatVersion = "2.0",
            enableSimpleResponses = true,
        }, 201);
        Assert.Equal(0, created["authorizerResultTtlInSeconds"]!.GetValue<int>());
        await RouteAsync("GET /items/{id}", S(created, "authorizerId"));
        await StageAsync();
        Assert.Equal(403, (await InvokeAsync("/items/1")).Status);
        Assert.Equal(1, _functions.Invocations("simple"));
    }

    [Fact]
    public async Task ResetAuthorizersCache_makes_the_next_request_invoke_the_authorizer_again()
    {
        await RouteAsync("GET /items/{id}", await AuthorizerAsync("simple", "2.0", simple: true, ttl: 300));
        await StageAsync();
        await InvokeAsync("/items/1", "alice");
        await InvokeAsync("/items/1", "alice");
        Assert.Equal(1, _functions.Invocations("simple"));

        await _api.CallAsync("DELETE", $"/v2/apis/{_apiId}/stages/$default/cache/authorizers", null, 204);
        await InvokeAsync("/items/1", "alice");
        Assert.Equal(2, _functions.Invocations("simple"));
    }

    [Fact]
    public async Task An_OpenAPI_document_imports_and_exports_Lambda_authorizers()
    {
        var document = new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = new JsonObject { ["title"] = "imported", ["version"] = "1" },
            ["paths"] = new JsonObject
            {
                ["/items/{id}"] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["security"] = new JsonArray(new JsonObject { ["lambda"] = new JsonArray() }),
                        ["x-amazon-apigateway-integration"] = new JsonObject
                        {
                            ["type"] = "http_proxy",
                            ["httpMethod"] = "ANY",
                            ["uri"] = _backend.Url + "/echo/items/{id}",
                            ["payloadFormatVersion"] = "1.0",
                        },
                    },
                },
            },
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["lambda"] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["name"] = "X-User",
                        ["in"] = "header",
                        ["x-amazon-apigateway-authorizer"] = new JsonObject
                        {
                            ["identitySource"] = "$request.header.X-User",
                            ["authorizerUri"] = Arn("simple"),
                            ["authorizerPayloadFormatVersion"] = "2.0",
                            ["authorizerResultTtlInSeconds"] = 60,
                            ["type"] = "request",
                            ["enableSimpleResponses"] = true,
                        },
                    },
                },
            },
        };
        var apiId = S(await _api.CallAsync("PUT", "/v2/apis", new { body = document.ToJsonString() }, 201), "apiId");
        var route = (await _api.CallAsync("GET", $"/v2/apis/{apiId}/routes"))["items"]![0]!;
        Assert.Equal("CUSTOM", route["authorizationType"]!.GetValue<string>());
        var authorizer = await _api.CallAsync("GET", $"/v2/apis/{apiId}/authorizers/{S(route, "authorizerId")}");
        Assert.Equal("REQUEST", S(authorizer, "authorizerType"));
        Assert.True(authorizer["enableSimpleResponses"]!.GetValue<bool>());
        Assert.Equal(60, authorizer["authorizerResultTtlInSeconds"]!.GetValue<int>());

        _apiId = apiId;
        await StageAsync();
        Assert.Equal(200, (await InvokeAsync("/items/1", "alice")).Status);
        Assert.Equal(403, (await InvokeAsync("/items/1", "mallory")).Status);

        var response = await _gatehouse.Http.GetAsync($"/v2/apis/{apiId}/exports/OAS30?outputType=JSON&includeExtensions=true");
        var exported = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var scheme = exported["components"]!["securitySchemes"]!["lambda"]!;
        Assert.Equal("apiKey", S(scheme, "type"));
        Assert.Equal("X-User", S(scheme, "name"));
        Assert.Equal("request", S(scheme["x-amazon-apigateway-authorizer"]!, "type"));
        Assert.Equal(Arn("simple"), S(scheme["x-amazon-apigateway-authorizer"]!, "authorizerUri"));
        Assert.NotNull(exported["paths"]!["/items/{id}"]!["get"]!["security"]![0]!["lambda"]);
    }
}
