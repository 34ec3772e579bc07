using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>
/// REST <c>AWS</c> (Lambda non-proxy) integrations, seed 002's shape: the body or rendered request template is the
/// event, the function's result passes through the integration response, errors pick one by <c>selectionPattern</c>,
/// and templates Gatehouse cannot render fail the deployment.
/// </summary>
public sealed class GatewayLambdaNonProxyTests : IAsyncLifetime
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
        (_id, _root) = await _api.CreateApiAsync("seed002");
        await _functions.RegisterAsync("signInFunction");
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _functions.DisposeAsync();
    }

    private async Task<string> MethodAsync(string pathPart, string verb, object integration, params (string Status, object Response)[] responses)
    {
        var resource = await _api.CreateResourceAsync(_id, _root, pathPart);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resource}/methods/{verb}", new { authorizationType = "NONE" }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resource}/methods/{verb}/integration", integration, 201);
        foreach (var (status, response) in responses)
        {
            await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resource}/methods/{verb}/responses/{status}", new { }, 201);
            await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resource}/methods/{verb}/integration/responses/{status}", response, 201);
        }

        return resource;
    }

    private static object Lambda(object? requestTemplates = null, string? passthroughBehavior = null) => new
    {
        type = "AWS",
        httpMethod = "POST",
        uri = GatewayLambdaProxyTests.LambdaUri("signInFunction"),
        requestTemplates,
        passthroughBehavior,
    };

    private async Task DeployAsync() => await _api.CallAsync("POST", $"/restapis/{_id}/deployments", new { stageName = "dev" }, 201);

    private async Task<(int Status, string Body, HttpResponseMessage Response)> PostAsync(string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/_aws/execute-api/{_id}/dev{path}") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Seed_002_POST_auth_passes_the_body_to_the_function_and_its_result_back_as_application_json()
    {
        await MethodAsync("auth", "POST", Lambda(), ("200", new { }));
        await DeployAsync();
        _functions.Handler = (_, e) => FunctionReply.Json(new JsonObject
        {
            ["status"] = "success",
            ["is_new"] = "true",
            ["id_token"] = "eyJ.for." + e!["username"]!.GetValue<string>(),
        });

        var (status, body, response) = await PostAsync("/auth", """{"username": "rakib", "password": "123456"}""");

        Assert.Equal(200, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"status":"success","is_new":"true","id_token":"eyJ.for.rakib"}""", body);
        Assert.Equal("""{"username": "rakib", "password": "123456"}""", _functions.Received.Single().Raw);
    }

    [Fact]
    public async Task Request_and_response_templates_shape_the_event_and_the_answer()
    {
        await MethodAsync("auth", "POST", Lambda(new Dictionary<string, string>
        {
            ["application/json"] = """
                #set($body = $input.path('$'))
                {
                  "user": "$util.escapeJavaScript($body.username)",
                  "stage": "$context.stage",
                  "roles": [#foreach($r in $body.roles)"$r"#if($foreach.hasNext),#end#end],
                  "raw": $input.json('$.extra')
                }
                """,
        }), ("200", new
        {
            responseTemplates = new Dictionary<string, string>
            {
                ["application/json"] = """{"ok": #if($input.path('$.status') == "success")true#{else}false#end, "who": "$util.escapeJavaScript($input.path('$.user'))"}""",
            },
        }));
        await DeployAsync();
        _functions.Handler = (_, e) => FunctionReply.Json(new JsonObject { ["status"] = "success", ["user"] = e!["user"]!.DeepClone() });

        var (status, body, _) = await PostAsync("/auth", """{"username":"ra\"kib","roles":["a","b"],"extra":{"n":1}}""");

        Assert.Equal(200, status);
        Assert.Equal("""{"ok": true, "who": "ra\"kib"}""", body);
        var received = _functions.Last();
        Assert.Equal("ra\"kib", received["user"]!.GetValue<string>());
        Assert.Equal("dev", received["stage"]!.GetValue<string>());
        Assert.Equal(["a", "b"], received["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(1, received["raw"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_function_error_picks_the_integration_response_whose_selectionPattern_matches_its_message()
    {
        await MethodAsync(
            "auth",
            "POST",
            Lambda(),
            ("200", new { }),
            ("400", new { selectionPattern = "Bad request:.*", responseTemplates = new Dictionary<string, string> { ["application/json"] = """{"error": "$input.path('$.errorMessage')", "type": "$input.path('$.errorType')"}""" } }),
            ("500", new { selectionPattern = "(\\n|.)*Exploded(\\n|.)*" }));
        await DeployAsync();
        _functions.Handler = (_, e) => e!["case"]!.GetValue<string>() switch
        {
            "bad" => FunctionReply.Raise("Bad request: no username", "ValueError"),
            "boom" => FunctionReply.Raise("It Exploded\nbadly"),
            "partial" => FunctionReply.Raise("Not a Bad request: prefix only"),
            _ => FunctionReply.Json(new JsonObject { ["fine"] = true }),
        };

        var (status, body, _) = await PostAsync("/auth", """{"case":"bad"}""");
        Assert.Equal((400, """{"error": "Bad request: no username", "type": "ValueError"}"""), (status, body));
        (status, body, _) = await PostAsync("/auth", """{"case":"boom"}""");
        Assert.Equal(500, status);
        Assert.Equal("It Exploded\nbadly", JsonNode.Parse(body)!["errorMessage"]!.GetValue<string>());

        // Patterns match the whole message; no match falls back to the default response with Lambda's error as body.
        (status, body, _) = await PostAsync("/auth", """{"case":"partial"}""");
        Assert.Equal(200, status);
        Assert.Equal("Not a Bad request: prefix only", JsonNode.Parse(body)!["errorMessage"]!.GetValue<string>());
        (status, body, _) = await PostAsync("/auth", """{"case":"ok"}""");
        Assert.Equal((200, """{"fine":true}"""), (status, body));
    }

    [Fact]
    public async Task A_timeout_is_504_a_body_that_is_not_json_400_and_passthrough_rules_415()
    {
        await _functions.RegisterAsync("slow", timeoutSeconds: 1);
        await MethodAsync("slow", "POST", new { type = "AWS", httpMethod = "POST", uri = GatewayLambdaProxyTests.LambdaUri("slow") }, ("200", new { }));
        await MethodAsync("auth", "POST", Lambda(), ("200", new { }));
        await MethodAsync("never", "POST", Lambda(new Dictionary<string, string> { ["application/json"] = "{}" }, "NEVER"), ("200", new { }));
        await DeployAsync();
        _functions.Handler = (name, e) => name == "slow" ? FunctionReply.Hangs : FunctionReply.Json(e);

        var (status, body, _) = await PostAsync("/slow", "{}");
        Assert.Equal((504, """{"message":"Endpoint request timed out"}"""), (status, body));
        (status, body, _) = await PostAsync("/auth", "username=rakib", "text/plain");
        Assert.Equal(400, status);
        Assert.StartsWith("Could not parse request body into json", JsonNode.Parse(body)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        (status, body, _) = await PostAsync("/never", "<x/>", "application/xml");
        Assert.Equal((415, """{"message":"Unsupported Media Type"}"""), (status, body));
        (status, _, _) = await PostAsync("/never", "{}");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task A_response_template_can_override_the_status_and_headers()
    {
        await MethodAsync("auth", "POST", Lambda(), ("200", new
        {
            responseTemplates = new Dictionary<string, string>
            {
                ["application/json"] = """
                    #set($result = $input.path('$'))
                    #if($result.status == "fail")
                    #set($context.responseOverride.status = 401)
                    #set($context.responseOverride.header['X-Reason'] = $result.reason)
                    #end
                    {"status": "$result.status"}
                    """,
            },
        }));
        await DeployAsync();
        _functions.Handler = (_, e) => FunctionReply.Json(new JsonObject { ["status"] = e!["password"]!.GetValue<string>() == "123456" ? "success" : "fail", ["reason"] = "wrong password" });

        var (status, body, _) = await PostAsync("/auth", """{"username":"rakib","password":"123456"}""");
        Assert.Equal((200, """{"status": "success"}"""), (status, body));
        (status, body, var response) = await PostAsync("/auth", """{"username":"rakib","password":"nope"}""");
        Assert.Equal((401, """{"status": "fail"}"""), (status, body));
        Assert.Equal("wrong password", response.Headers.GetValues("X-Reason").Single());
    }

    [Theory]
    [InlineData("#macro(greet)hi#end", "#macro")]
    [InlineData("#parse('other.vm')", "#parse")]
    [InlineData("{\"a\": \"$util.toJson($input.body)\"}", "toJson")]
    [InlineData("#if($input.body)unterminated", "#end")]
    public async Task A_template_Gatehouse_cannot_render_fails_the_deployment_naming_the_method_and_the_construct(string template, string construct)
    {
        await MethodAsync("auth", "POST", Lambda(new Dictionary<string, string> { ["application/json"] = template }), ("200", new { }));

        var message = await _api.FailAsync("POST", $"/restapis/{_id}/deployments", new { stageName = "dev" }, 400, "BadRequestException");

        Assert.Contains("POST /auth", message, StringComparison.Ordinal);
        Assert.Contains(construct, message, StringComparison.Ordinal);
        Assert.Contains("application/json", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_template_is_checked_at_deployment_too()
    {
        await MethodAsync("auth", "POST", Lambda(), ("200", new { responseTemplates = new Dictionary<string, string> { ["application/json"] = "#include('x')" } }));

        var message = await _api.FailAsync("POST", $"/restapis/{_id}/deployments", new { stageName = "dev" }, 400, "BadRequestException");

        Assert.Contains("integration response 200", message, StringComparison.Ordinal);
        Assert.Contains("#include", message, StringComparison.Ordinal);
    }
}
