using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>REST <c>AWS_PROXY</c> integrations: the v1.0 event as AWS writes it, and the proxy response's validation.</summary>
public sealed class GatewayLambdaProxyTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private FunctionServer _functions = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";
    private string _root = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _functions = await FunctionServer.StartAsync(_gatehouse);
        _api = new ApiGatewayClient(_gatehouse);
        (_id, _root) = await _api.CreateApiAsync("lambda");
        await _functions.RegisterAsync("users");
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _functions.DisposeAsync();
    }

    public static string LambdaUri(string function) =>
        $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:{function}/invocations";

    private async Task ProxyAsync(string resourceId, string verb, string function = "users", object? method = null, int? timeoutInMillis = null)
    {
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resourceId}/methods/{verb}", method ?? new { authorizationType = "NONE" }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resourceId}/methods/{verb}/integration", new
        {
            type = "AWS_PROXY",
            httpMethod = "POST",
            uri = LambdaUri(function),
            timeoutInMillis,
        }, 201);
    }

    private async Task DeployAsync(object? variables = null) =>
        await _api.CallAsync("POST", $"/restapis/{_id}/deployments", new { stageName = "api", variables }, 201);

    private async Task<(int Status, string Body, HttpResponseMessage Response)> InvokeAsync(HttpRequestMessage request)
    {
        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private HttpRequestMessage Request(string method, string path, HttpContent? content = null) =>
        new(new HttpMethod(method), $"/_aws/execute-api/{_id}/api{path}") { Content = content };

    [Fact]
    public async Task A_Cognito_authorized_GET_gets_AWSs_v1_event_with_query_multi_value_headers_path_parameters_and_stage_variables()
    {
        var pool = await Scenario.CreateAsync(_gatehouse);
        var authorizer = await _api.CreateCognitoAuthorizerAsync(_id, pool.PoolId);
        var users = await _api.CreateResourceAsync(_id, _root, "users");
        var user = await _api.CreateResourceAsync(_id, users, "{userId}");
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{user}/methods/GET", new { authorizationType = "COGNITO_USER_POOLS", authorizerId = authorizer }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{user}/methods/GET/integration", new
        {
            type = "AWS_PROXY",
            httpMethod = "POST",
            uri = LambdaUri("${stageVariables.fn}"),
        }, 201);
        await DeployAsync(new { fn = "users" });
        var sub = await pool.SignUpConfirmedAsync("alice");
        var tokens = await pool.TokensAsync("alice");
        _functions.Handler = (_, _) => FunctionReply.Json(new JsonObject { ["statusCode"] = 200, ["body"] = "{\"ok\":true}" });

        using var request = Request("GET", "/users/42?a=1&a=2&b=3");
        request.Headers.TryAddWithoutValidation("Authorization", tokens.IdToken);
        request.Headers.TryAddWithoutValidation("X-Multi", ["one", "two"]);
        request.Headers.TryAddWithoutValidation("User-Agent", "test-agent");
        var (status, body, response) = await InvokeAsync(request);

        Assert.Equal(200, status);
        Assert.Equal("""{"ok":true}""", body);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var (name, received, raw) = _functions.Received.Single();
        Assert.Equal("users", name);
        var context = received!["requestContext"]!;
        var requestId = context["requestId"]!.GetValue<string>();
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), requestId);
        var extendedRequestId = context["extendedRequestId"]!.GetValue<string>();
        var claims = context["authorizer"]!["claims"]!.AsObject();
        Assert.Equal(sub, claims["sub"]!.GetValue<string>());
        Assert.Equal("alice", claims["cognito:username"]!.GetValue<string>());
        Assert.Equal("Sun Nov 22 12:00:00 UTC 2026", claims["iat"]!.GetValue<string>());
        Assert.All(claims, c => Assert.Equal(System.Text.Json.JsonValueKind.String, c.Value!.GetValueKind()));
        var headers = received["headers"]!.AsObject();
        var expected = new JsonObject
        {
            ["resource"] = "/users/{userId}",
            ["path"] = "/users/42",
            ["httpMethod"] = "GET",
            ["headers"] = headers.DeepClone(),
            ["multiValueHeaders"] = received["multiValueHeaders"]!.DeepClone(),
            ["queryStringParameters"] = new JsonObject { ["a"] = "2", ["b"] = "3" },
            ["multiValueQueryStringParameters"] = new JsonObject { ["a"] = new JsonArray("1", "2"), ["b"] = new JsonArray("3") },
            ["pathParameters"] = new JsonObject { ["userId"] = "42" },
            ["stageVariables"] = new JsonObject { ["fn"] = "users" },
            ["requestContext"] = new JsonObject
            {
                ["resourceId"] = user,
                ["authorizer"] = new JsonObject { ["claims"] = claims.DeepClone() },
                ["resourcePath"] = "/users/{userId}",
                ["httpMethod"] = "GET",
                ["extendedRequestId"] = extendedRequestId,
                ["requestTime"] = "22/Nov/2026:12:00:00 +0000",
                ["path"] = "/api/users/42",
                ["accountId"] = "123456789012",
                ["protocol"] = "HTTP/1.1",
                ["stage"] = "api",
                ["domainPrefix"] = "localhost",
                ["requestTimeEpoch"] = 1795348800000,
                ["requestId"] = requestId,
                ["identity"] = new JsonObject
                {
                    ["cognitoIdentityPoolId"] = null,
                    ["accountId"] = null,
                    ["cognitoIdentityId"] = null,
                    ["caller"] = null,
                    ["sourceIp"] = context["identity"]!["sourceIp"]!.GetValue<string>(),
                    ["principalOrgId"] = null,
                    ["accessKey"] = null,
                    ["cognitoAuthenticationType"] = null,
                    ["cognitoAuthenticationProvider"] = null,
                    ["userArn"] = null,
                    ["userAgent"] = "test-agent",
                    ["user"] = null,
                },
                ["domainName"] = "localhost",
                ["apiId"] = _id,
            },
            ["body"] = null,
            ["isBase64Encoded"] = false,
        };

        // Member order too: the event is compared as written, not only as a tree.
        Assert.Equal(expected.ToJsonString(), JsonNode.Parse(raw)!.ToJsonString());
        Assert.Equal("two", headers["X-Multi"]!.GetValue<string>());
        Assert.Equal(["one", "two"], received["multiValueHeaders"]!["X-Multi"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(tokens.IdToken, headers["Authorization"]!.GetValue<string>());
    }

    [Fact]
    public async Task Behind_a_Lambda_authorizer_the_event_carries_its_context_as_strings_with_principalId()
    {
        await _functions.RegisterAsync("auth");
        var authorizer = (await _api.CallAsync("POST", $"/restapis/{_id}/authorizers", new
        {
            name = "token",
            type = "TOKEN",
            authorizerUri = LambdaUri("auth"),
            identitySource = "method.request.header.Authorization",
        }, 201))["id"]!.GetValue<string>();
        var me = await _api.CreateResourceAsync(_id, _root, "me");
        await ProxyAsync(me, "GET", method: new { authorizationType = "CUSTOM", authorizerId = authorizer });
        await DeployAsync();
        _functions.Handler = (name, e) => name == "auth"
            ? FunctionReply.Json(new JsonObject
            {
                ["principalId"] = "user-9",
                ["policyDocument"] = new JsonObject
                {
                    ["Version"] = "2012-10-17",
                    ["Statement"] = new JsonArray(new JsonObject { ["Action"] = "execute-api:Invoke", ["Effect"] = "Allow", ["Resource"] = e!["methodArn"]!.DeepClone() }),
                },
                ["context"] = new JsonObject { ["tenant"] = "acme", ["n"] = 7, ["admin"] = true },
            })
            : FunctionReply.Json(new JsonObject { ["statusCode"] = 200, ["body"] = "hi" });

        using var request = Request("GET", "/me");
        request.Headers.TryAddWithoutValidation("Authorization", "allow-me");
        var (status, body, _) = await InvokeAsync(request);

        Assert.Equal((200, "hi"), (status, body));
        var (_, received, _) = _functions.Received.Last(e => e.Name == "users");
        Assert.Equal(
            """{"tenant":"acme","n":"7","admin":"true","principalId":"user-9","integrationLatency":0}""",
            received!["requestContext"]!["authorizer"]!.ToJsonString());
    }

    [Fact]
    public async Task Without_query_path_parameters_stage_variables_body_or_authorizer_those_members_are_null()
    {
        var plain = await _api.CreateResourceAsync(_id, _root, "plain");
        await ProxyAsync(plain, "GET");
        await DeployAsync();
        _functions.Handler = (_, _) => FunctionReply.Json(new JsonObject { ["statusCode"] = 204 });

        using var request = Request("GET", "/plain");
        var (status, body, _) = await InvokeAsync(request);

        Assert.Equal(204, status);
        Assert.Equal("", body);
        var received = _functions.Last().AsObject();
        Assert.Equal(
            ["resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body", "isBase64Encoded"],
            received.Select(p => p.Key));
        foreach (var member in new[] { "queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables", "body" })
        {
            Assert.True(received.ContainsKey(member) && received[member] is null, member);
        }

        Assert.NotNull(received["headers"]);
        Assert.False(received["isBase64Encoded"]!.GetValue<bool>());
        Assert.False(received["requestContext"]!.AsObject().ContainsKey("authorizer"));
    }

    [Fact]
    public async Task A_binary_body_travels_base64_encoded_and_a_text_body_as_text()
    {
        await _api.CallAsync("PATCH", $"/restapis/{_id}", ApiGatewayClient.Patch(("add", "/binaryMediaTypes/image~1png", null)));
        var upload = await _api.CreateResourceAsync(_id, _root, "upload");
        await ProxyAsync(upload, "POST");
        await DeployAsync();
        _functions.Handler = (_, _) => FunctionReply.Json(new JsonObject { ["statusCode"] = 200, ["body"] = "ok" });
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF];

        using var binary = new ByteArrayContent(png);
        binary.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = Request("POST", "/upload", binary);
        Assert.Equal(200, (await InvokeAsync(request)).Status);
        Assert.Equal(Convert.ToBase64String(png), _functions.Last()["body"]!.GetValue<string>());
        Assert.True(_functions.Last()["isBase64Encoded"]!.GetValue<bool>());

        using var text = Request("POST", "/upload", new StringContent("""{"a":"é"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(200, (await InvokeAsync(text)).Status);
        Assert.Equal("""{"a":"é"}""", _functions.Last()["body"]!.GetValue<string>());
        Assert.False(_functions.Last()["isBase64Encoded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_proxy_response_sets_status_headers_multi_value_headers_and_body_and_base64_bodies_decode_for_binary_types()
    {
        await _api.CallAsync("PATCH", $"/restapis/{_id}", ApiGatewayClient.Patch(("add", "/binaryMediaTypes/image~1png", null)));
        var items = await _api.CreateResourceAsync(_id, _root, "items");
        await ProxyAsync(items, "ANY");
        await DeployAsync();
        _functions.Handler = (_, e) => e!["httpMethod"]!.GetValue<string>() == "POST"
            ? FunctionReply.Json(new JsonObject
            {
                ["statusCode"] = 201,
                ["headers"] = new JsonObject { ["X-Single"] = "1", ["Content-Type"] = "text/plain" },
                ["multiValueHeaders"] = new JsonObject { ["X-Multi"] = new JsonArray("a", "b") },
                ["body"] = "created",
                ["isBase64Encoded"] = false,
            })
            : FunctionReply.Json(new JsonObject
            {
                ["statusCode"] = 200,
                ["headers"] = new JsonObject { ["Content-Type"] = "image/png" },
                ["body"] = Convert.ToBase64String([1, 2, 3]),
                ["isBase64Encoded"] = true,
            });

        using var post = Request("POST", "/items", new StringContent("x"));
        var (status, body, response) = await InvokeAsync(post);
        Assert.Equal(201, status);
        Assert.Equal("created", body);
        Assert.Equal("1", response.Headers.GetValues("X-Single").Single());
        Assert.Equal(["a", "b"], response.Headers.GetValues("X-Multi"));
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);

        using var get = Request("GET", "/items");
        get.Headers.Accept.ParseAdd("image/png");
        var image = await _gatehouse.Http.SendAsync(get);
        Assert.Equal(new byte[] { 1, 2, 3 }, await image.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"just a string\"")]
    [InlineData("null")]
    [InlineData("""{"body":"no status"}""")]
    [InlineData("""{"statusCode":"abc"}""")]
    [InlineData("""{"statusCode":700}""")]
    [InlineData("""{"statusCode":200,"body":{"an":"object"}}""")]
    [InlineData("""{"statusCode":200,"headers":"x"}""")]
    [InlineData("""{"statusCode":200,"headers":{"X":{"nested":1}}}""")]
    [InlineData("""{"statusCode":200,"multiValueHeaders":{"X":"not a list"}}""")]
    [InlineData("""{"statusCode":200,"isBase64Encoded":"yes"}""")]
    [InlineData("""{"statusCode":200,"body":"%%%","isBase64Encoded":true}""")]
    [InlineData("not json at all")]
    public async Task A_malformed_proxy_response_is_502_Internal_server_error(string reply)
    {
        var bad = await _api.CreateResourceAsync(_id, _root, "bad");
        await ProxyAsync(bad, "GET");
        await DeployAsync();
        _functions.Handler = (_, _) => new FunctionReply(reply);

        var (status, body, response) = await InvokeAsync(Request("GET", "/bad"));
        Assert.Equal(502, status);
        Assert.Equal("""{"message":"Internal server error"}""", body);
        Assert.Equal("InternalServerErrorException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task A_function_error_or_a_missing_function_is_502_and_a_timeout_504()
    {
        await _functions.RegisterAsync("slow", timeoutSeconds: 1);
        var failing = await _api.CreateResourceAsync(_id, _root, "failing");
        var missing = await _api.CreateResourceAsync(_id, _root, "missing");
        var slow = await _api.CreateResourceAsync(_id, _root, "slow");
        await ProxyAsync(failing, "GET");
        await ProxyAsync(missing, "GET", function: "nobody");
        await ProxyAsync(slow, "GET", function: "slow");
        await DeployAsync();
        _functions.Handler = (name, _) => name == "slow" ? FunctionReply.Hangs : FunctionReply.Raise("boom");

        var (status, body, _) = await InvokeAsync(Request("GET", "/failing"));
        Assert.Equal(502, status);
        Assert.Equal("""{"message":"Internal server error"}""", body);
        (status, body, _) = await InvokeAsync(Request("GET", "/missing"));
        Assert.Equal(502, status);
        Assert.Equal("""{"message":"Internal server error"}""", body);
        (status, body, _) = await InvokeAsync(Request("GET", "/slow"));
        Assert.Equal(504, status);
        Assert.Equal("""{"message":"Endpoint request timed out"}""", body);

        // The gateway lives on.
        _functions.Handler = (_, _) => FunctionReply.Json(new JsonObject { ["statusCode"] = 200, ["body"] = "fine" });
        Assert.Equal("fine", (await InvokeAsync(Request("GET", "/failing"))).Body);
    }
}
