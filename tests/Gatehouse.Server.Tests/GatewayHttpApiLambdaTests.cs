using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>HTTP API <c>AWS_PROXY</c> integrations: payload 2.0 and 1.0 events, and 2.0's response inference.</summary>
public sealed class GatewayHttpApiLambdaTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private FunctionServer _functions = null!;
    private ApiGatewayClient _api = null!;
    private string _apiId = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _functions = await FunctionServer.StartAsync(_gatehouse);
        _api = new ApiGatewayClient(_gatehouse);
        _apiId = S(await _api.CallAsync("POST", "/v2/apis", new { name = "items", protocolType = "HTTP" }, 201), "apiId");
        await _functions.RegisterAsync("items");
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _functions.DisposeAsync();
    }

    private static string S(JsonNode node, string name) => node[name]!.GetValue<string>();

    private async Task RouteAsync(string routeKey, string payloadFormatVersion = "2.0", object? extra = null, string function = "items")
    {
        var integration = S(await _api.CallAsync("POST", $"/v2/apis/{_apiId}/integrations", new
        {
            integrationType = "AWS_PROXY",
            integrationUri = $"arn:aws:lambda:us-east-1:123456789012:function:{function}",
            payloadFormatVersion,
        }, 201), "integrationId");
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject();
        body["routeKey"] = routeKey;
        body["target"] = "integrations/" + integration;
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/routes", body, 201);
    }

    private async Task StageAsync(string name = "$default", object? variables = null) =>
        await _api.CallAsync("POST", $"/v2/apis/{_apiId}/stages", new { stageName = name, autoDeploy = true, stageVariables = variables }, 201);

    private async Task<(int Status, string Body, HttpResponseMessage Response)> InvokeAsync(
        string method, string path, HttpContent? content = null, Dictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        request.Headers.Host = $"{_apiId}.execute-api.localhost";
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Payload_2_0_event_with_cookies_lower_cased_headers_query_path_parameters_and_jwt_claims()
    {
        var pool = await Scenario.CreateAsync(_gatehouse);
        var authorizer = S(await _api.CallAsync("POST", $"/v2/apis/{_apiId}/authorizers", new
        {
            name = "cognito",
            authorizerType = "JWT",
            identitySource = new[] { "$request.header.Authorization" },
            jwtConfiguration = new { audience = new[] { pool.ClientId }, issuer = $"https://cognito-idp.us-east-1.amazonaws.com/{pool.PoolId}" },
        }, 201), "authorizerId");
        await RouteAsync("POST /items/{id}", extra: new { authorizationType = "JWT", authorizerId = authorizer });
        await StageAsync("prod", new { env = "test" });
        var sub = await pool.SignUpConfirmedAsync("alice");
        var tokens = await pool.TokensAsync("alice");
        _functions.Handler = (_, _) => FunctionReply.Json(new JsonObject { ["statusCode"] = 200, ["body"] = "ok" });

        var (status, body, _) = await InvokeAsync("POST", "/prod/items/7?x=1&x=2&y=3", new StringContent("""{"n":1}""", Encoding.UTF8, "application/json"), new()
        {
            ["Authorization"] = "Bearer " + tokens.AccessToken,
            ["Cookie"] = "a=1; b=2",
            ["X-Custom"] = "Value",
            ["User-Agent"] = "agent/1",
        });

        Assert.Equal(200, status);
        Assert.Equal("ok", body);
        var raw = _functions.Received.Single().Raw;
        var received = JsonNode.Parse(raw)!.AsObject();
        Assert.Equal(
            ["version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers", "queryStringParameters", "requestContext", "body", "pathParameters", "isBase64Encoded", "stageVariables"],
            received.Select(p => p.Key));
        Assert.Equal("2.0", S(received, "version"));
        Assert.Equal("POST /items/{id}", S(received, "routeKey"));
        Assert.Equal("/prod/items/7", S(received, "rawPath"));
        Assert.Equal("x=1&x=2&y=3", S(received, "rawQueryString"));
        Assert.Equal(["a=1", "b=2"], received["cookies"]!.AsArray().Select(c => c!.GetValue<string>()));
        var headers = received["headers"]!.AsObject();
        Assert.Equal("Value", S(headers, "x-custom"));
        Assert.False(headers.ContainsKey("cookie"));
        Assert.All(headers, h => Assert.Equal(h.Key.ToLowerInvariant(), h.Key));
        Assert.Equal("1,2", S(received["queryStringParameters"]!, "x"));
        Assert.Equal("7", S(received["pathParameters"]!, "id"));
        Assert.Equal("test", S(received["stageVariables"]!, "env"));
        Assert.Equal("""{"n":1}""", S(received, "body"));
        Assert.False(received["isBase64Encoded"]!.GetValue<bool>());
        var context = received["requestContext"]!.AsObject();
        Assert.Equal(
            ["accountId", "apiId", "authorizer", "domainName", "domainPrefix", "http", "requestId", "routeKey", "stage", "time", "timeEpoch"],
            context.Select(p => p.Key));
        Assert.Equal(sub, S(context["authorizer"]!["jwt"]!["claims"]!, "sub"));
        Assert.Equal(["aws.cognito.signin.user.admin"], context["authorizer"]!["jwt"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("POST", S(context["http"]!, "method"));
        Assert.Equal("/prod/items/7", S(context["http"]!, "path"));
        Assert.Equal("agent/1", S(context["http"]!, "userAgent"));
        Assert.Equal("prod", S(context, "stage"));
        Assert.Equal("22/Nov/2026:12:00:00 +0000", S(context, "time"));
        Assert.Equal(1795348800000, context["timeEpoch"]!.GetValue<long>());
    }

    [Fact]
    public async Task Payload_2_0_leaves_out_absent_members_and_base64_encodes_non_text_bodies()
    {
        await RouteAsync("ANY /plain");
        await StageAsync();
        _functions.Handler = (_, _) => FunctionReply.Json(new JsonObject { ["statusCode"] = 200 });

        Assert.Equal(200, (await InvokeAsync("GET", "/plain")).Status);
        var received = _functions.Last().AsObject();
        foreach (var absent in new[] { "cookies", "queryStringParameters", "pathParameters", "stageVariables", "body" })
        {
            Assert.False(received.ContainsKey(absent), absent);
        }

        Assert.Equal("", S(received, "rawQueryString"));
        Assert.False(received["requestContext"]!.AsObject().ContainsKey("authorizer"));

        using var binary = new ByteArrayContent([0, 1, 2, 255]);
        binary.Headers.ContentType = new("application/octet-stream");
        await InvokeAsync("POST", "/plain", binary);
        Assert.Equal(Convert.ToBase64String([0, 1, 2, 255]), S(_functions.Last(), "body"));
        Assert.True(_functions.Last()["isBase64Encoded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Payload_2_0_responses_are_inferred_when_there_is_no_statusCode_and_cookies_become_Set_Cookie()
    {
        await RouteAsync("GET /r/{kind}");
        await StageAsync();
        _functions.Handler = (_, e) => S(e!["pathParameters"]!, "kind") switch
        {
            "object" => FunctionReply.Json(new JsonObject { ["hello"] = "world" }),
            "string" => FunctionReply.Json(JsonValue.Create("plain words")),
            "number" => new FunctionReply("42"),
            "full" => FunctionReply.Json(new JsonObject
            {
                ["statusCode"] = 418,
                ["headers"] = new JsonObject { ["content-type"] = "text/plain", ["x-a"] = "b" },
                ["cookies"] = new JsonArray("s=1; Path=/", "t=2"),
                ["body"] = "teapot",
            }),
            "binary" => FunctionReply.Json(new JsonObject { ["statusCode"] = 200, ["body"] = Convert.ToBase64String([7, 8]), ["isBase64Encoded"] = true }),
            "malformed" => FunctionReply.Json(new JsonObject { ["statusCode"] = "abc" }),
            "garbage" => new FunctionReply("<html>"),
            _ => FunctionReply.Raise("boom"),
        };

        var (status, body, response) = await InvokeAsync("GET", "/r/object");
        Assert.Equal((200, """{"hello":"world"}"""), (status, body));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal((200, "plain words"), ((await InvokeAsync("GET", "/r/string")).Status, (await InvokeAsync("GET", "/r/string")).Body));
        Assert.Equal("42", (await InvokeAsync("GET", "/r/number")).Body);
        (status, body, response) = await InvokeAsync("GET", "/r/full");
        Assert.Equal((418, "teapot"), (status, body));
        Assert.Equal("b", response.Headers.GetValues("x-a").Single());
        Assert.Equal(["s=1; Path=/", "t=2"], response.Headers.GetValues("Set-Cookie"));
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/r/binary"))
        {
            request.Headers.Host = $"{_apiId}.execute-api.localhost";
            var binary = await _gatehouse.Http.SendAsync(request);
            Assert.Equal(new byte[] { 7, 8 }, await binary.Content.ReadAsByteArrayAsync());
        }

        foreach (var kind in new[] { "malformed", "garbage", "error" })
        {
            (status, body, _) = await InvokeAsync("GET", "/r/" + kind);
            Assert.Equal((500, """{"message":"Internal Server Error"}"""), (status, body));
        }
    }

    [Fact]
    public async Task Payload_1_0_on_an_HTTP_API_is_the_v1_event_with_a_version_and_its_responses_are_validated()
    {
        await RouteAsync("GET /v1/{id}", payloadFormatVersion: "1.0");
        await StageAsync();
        _functions.Handler = (_, e) => S(e!["pathParameters"]!, "id") == "bad"
            ? FunctionReply.Json(new JsonObject { ["hello"] = "no status" })
            : FunctionReply.Json(new JsonObject { ["statusCode"] = 200, ["multiValueHeaders"] = new JsonObject { ["x-m"] = new JsonArray("1", "2") }, ["body"] = "v1" });

        var (status, body, response) = await InvokeAsync("GET", "/v1/5?q=a");
        Assert.Equal((200, "v1"), (status, body));
        Assert.Equal(["1", "2"], response.Headers.GetValues("x-m"));
        var received = _functions.Last().AsObject();
        Assert.Equal(
            ["version", "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "requestContext", "pathParameters", "stageVariables", "body", "isBase64Encoded"],
            received.Select(p => p.Key));
        Assert.Equal("1.0", S(received, "version"));
        Assert.Equal("/v1/{id}", S(received, "resource"));
        Assert.Equal("/v1/5", S(received, "path"));
        Assert.Equal("5", S(received["pathParameters"]!, "id"));
        Assert.Null(received["stageVariables"]);
        Assert.Equal("$default", S(received["requestContext"]!, "stage"));
        Assert.Equal("/v1/{id}", S(received["requestContext"]!, "resourcePath"));

        (status, body, _) = await InvokeAsync("GET", "/v1/bad");
        Assert.Equal((500, """{"message":"Internal Server Error"}"""), (status, body));
    }
}
