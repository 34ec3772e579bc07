using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>
/// REST APIs' Lambda authorizers (TOKEN and REQUEST) end to end: the events the function gets, allow with its context
/// reaching the integration, explicit and implicit deny, 401 without invoking, malformed answers, errors, timeouts,
/// caching on a fake clock, and usageIdentifierKey as the API key.
/// </summary>
public sealed class LambdaAuthorizerTests : IAsyncLifetime
{
    private const string Uri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:{0}/invocations";

    private TestGatehouse _gatehouse = null!;
    private FunctionServer _functions = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";
    private string _root = "";
    private string _pets = "";
    private string _pet = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _functions = await FunctionServer.StartAsync(_gatehouse);
        _api = new ApiGatewayClient(_gatehouse);
        (_id, _root) = await _api.CreateApiAsync("pets");
        _pets = await _api.CreateResourceAsync(_id, _root, "pets");
        _pet = await _api.CreateResourceAsync(_id, _pets, "{petId}");
        await _functions.AddAsync("auth", Decide);
        await _functions.AddAsync("slow", _ => FunctionReply.Hangs, timeoutSeconds: 1);
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _functions.DisposeAsync();
    }

    private static string Arn(string function) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Uri, function);

    /// <summary>
    /// The test authorizer: the verdict is the token (TOKEN) or the X-User header (REQUEST).
    /// </summary>
    private static FunctionReply Decide(JsonObject e)
    {
        var who = e["type"]!.GetValue<string>() == "TOKEN" ? e["authorizationToken"]!.GetValue<string>() : e["headers"]!["X-User"]!.GetValue<string>();
        var methodArn = e["methodArn"]!.GetValue<string>();
        var apiWide = methodArn[..(methodArn.IndexOf('/', StringComparison.Ordinal) + 1)] + "*";
        return who switch
        {
            "allow" => FunctionReply.Json(Answer("Allow", methodArn, new JsonObject { ["user"] = "alice", ["n"] = 7, ["admin"] = true, ["ratio"] = 1.5 })),
            "allow-api" => FunctionReply.Json(Answer("Allow", apiWide, new JsonObject { ["user"] = "bob" })),
            "deny" => FunctionReply.Json(Answer("Deny", apiWide)),
            "elsewhere" => FunctionReply.Json(Answer("Allow", methodArn.Replace("/GET/", "/POST/", StringComparison.Ordinal))),
            "malformed" => FunctionReply.Json(new JsonObject { ["principalId"] = "user-1" }),
            "nested" => FunctionReply.Json(Answer("Allow", methodArn, new JsonObject { ["profile"] = new JsonObject { ["a"] = 1 } })),
            "unauthorized" => FunctionReply.Raise("Unauthorized"),
            "keyed" => FunctionReply.Json(Answer("Allow", apiWide, usageKey: KeyValue)),
            _ => FunctionReply.Raise("boom"),
        };
    }

    private const string KeyValue = "lambda-authorizer-key-0123456789";

    private static JsonObject Answer(string effect, string resource, JsonObject? context = null, string? usageKey = null)
    {
        var answer = new JsonObject
        {
            ["principalId"] = "user-1",
            ["policyDocument"] = new JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new JsonArray(new JsonObject { ["Action"] = "execute-api:Invoke", ["Effect"] = effect, ["Resource"] = resource }),
            },
        };
        if (context is not null)
        {
            answer["context"] = context;
        }

        if (usageKey is not null)
        {
            answer["usageIdentifierKey"] = usageKey;
        }

        return answer;
    }

    private async Task<string> TokenAuthorizerAsync(int? ttl = null, string? validation = null, string function = "auth") =>
        (await _api.CallAsync("POST", $"/restapis/{_id}/authorizers", new
        {
            name = "token-" + function,
            type = "TOKEN",
            authorizerUri = Arn(function),
            identitySource = "method.request.header.Authorization",
            identityValidationExpression = validation,
            authorizerResultTtlInSeconds = ttl,
        }, 201))["id"]!.GetValue<string>();

    private async Task<string> RequestAuthorizerAsync(int? ttl = null, string identitySource = "method.request.header.X-User, method.request.querystring.tenant") =>
        (await _api.CallAsync("POST", $"/restapis/{_id}/authorizers", new
        {
            name = "request",
            type = "REQUEST",
            authorizerUri = Arn("auth"),
            identitySource,
            authorizerResultTtlInSeconds = ttl,
        }, 201))["id"]!.GetValue<string>();

    /// <summary>A CUSTOM-authorized MOCK method whose response shows what the authorizer handed on.</summary>
    private async Task MethodAsync(string resource, string authorizer, string verb = "GET", bool apiKeyRequired = false)
    {
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resource}/methods/{verb}", new { authorizationType = "CUSTOM", authorizerId = authorizer, apiKeyRequired }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resource}/methods/{verb}/integration", new
        {
            type = "MOCK",
            requestTemplates = new Dictionary<string, string> { ["application/json"] = "{\"statusCode\": 200}" },
        }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resource}/methods/{verb}/responses/200", new { }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resource}/methods/{verb}/integration/responses/200", new
        {
            selectionPattern = "",
            responseTemplates = new Dictionary<string, string>
            {
                ["application/json"] = """{"principal":"$context.authorizer.principalId","user":"$context.authorizer.user","n":"$context.authorizer.n","admin":"$context.authorizer.admin","ratio":"$context.authorizer.ratio"}""",
            },
        }, 201);
    }

    private async Task DeployAsync() =>
        await _api.CallAsync("POST", $"/restapis/{_id}/deployments", new { stageName = "api", variables = new { color = "blue" } }, 201);

    private async Task<(int Status, string Body, HttpResponseMessage Response)> InvokeAsync(
        string path, string? token = null, string? user = null, string method = "GET", string? apiKey = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/restapis/{_id}/api/_user_request_{path}");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("X-User", user);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
        }

        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private string MethodArn(string verbAndPath) => $"arn:aws:execute-api:eu-west-1:123456789012:{_id}/api/{verbAndPath}";

    [Fact]
    public async Task TOKEN_allow_reaches_the_integration_with_the_stringified_context_and_the_function_gets_AWS_event()
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync());
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("/pets", "allow");

        Assert.Equal(200, status);
        Assert.Equal("""{"principal":"user-1","user":"alice","n":"7","admin":"true","ratio":"1.5"}""", body);
        var e = Assert.Single(_functions.Events("auth"));
        Assert.Equal($$"""{"type":"TOKEN","authorizationToken":"allow","methodArn":"{{MethodArn("GET/pets")}}"}""", e.ToJsonString());
    }

    [Fact]
    public async Task TOKEN_explicit_deny_is_403_with_AWS_capitalised_Message_and_no_allowing_statement_is_an_implicit_deny()
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync(ttl: 0));
        await DeployAsync();

        var (status, body, response) = await InvokeAsync("/pets", "deny");
        Assert.Equal(403, status);
        Assert.Equal("""{"Message":"User is not authorized to access this resource with an explicit deny"}""", body);
        Assert.Equal("AccessDeniedException", response.Headers.GetValues("x-amzn-ErrorType").Single());

        (status, body, _) = await InvokeAsync("/pets", "elsewhere");
        Assert.Equal(403, status);
        Assert.Equal("""{"Message":"User is not authorized to access this resource"}""", body);
    }

    [Fact]
    public async Task TOKEN_without_a_token_or_with_one_failing_the_validation_expression_is_401_without_invoking()
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync(validation: "^allow.*$"));
        await DeployAsync();

        var (status, body, response) = await InvokeAsync("/pets");
        Assert.Equal(401, status);
        Assert.Equal("""{"message":"Unauthorized"}""", body);
        Assert.Equal("UnauthorizedException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(401, (await InvokeAsync("/pets", "deny")).Status);
        Assert.Equal(401, (await InvokeAsync("/pets", "")).Status);
        Assert.Equal(0, _functions.Invocations("auth"));

        Assert.Equal(200, (await InvokeAsync("/pets", "allow")).Status);
        Assert.Equal(1, _functions.Invocations("auth"));
    }

    [Theory]
    [InlineData("malformed")]
    [InlineData("nested")]
    [InlineData("boom")]
    public async Task TOKEN_malformed_answer_nested_context_or_function_error_is_500_AuthorizerConfigurationException(string token)
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync());
        await DeployAsync();

        var (status, body, response) = await InvokeAsync("/pets", token);

        Assert.Equal(500, status);
        Assert.Equal("""{"message":null}""", body);
        Assert.Equal("AuthorizerConfigurationException", response.Headers.GetValues("x-amzn-ErrorType").Single());

        // Failures are not cached: the next call invokes again.
        await InvokeAsync("/pets", token);
        Assert.Equal(2, _functions.Invocations("auth"));
    }

    [Fact]
    public async Task TOKEN_function_failing_with_Unauthorized_is_401()
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync());
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("/pets", "unauthorized");

        Assert.Equal(401, status);
        Assert.Equal("""{"message":"Unauthorized"}""", body);
    }

    [Fact]
    public async Task TOKEN_function_timeout_is_500_and_the_gateway_stays_healthy()
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync(function: "slow"));
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("/pets", "allow");

        Assert.Equal(500, status);
        Assert.Equal("""{"message":null}""", body);
        Assert.Equal(1, _functions.Invocations("slow"));
    }

    [Fact]
    public async Task TOKEN_function_that_cannot_be_reached_or_is_not_registered_is_500()
    {
        await _functions.AddAsync("gone", Decide, url: TestBackend.ClosedUrl() + "/fn/gone");
        await MethodAsync(_pets, await TokenAuthorizerAsync(function: "gone"));
        await MethodAsync(_pet, await TokenAuthorizerAsync(function: "missing"));
        await DeployAsync();

        Assert.Equal((500, """{"message":null}"""), Trim(await InvokeAsync("/pets", "allow")));
        Assert.Equal((500, """{"message":null}"""), Trim(await InvokeAsync("/pets/1", "allow")));

        // The gateway is still healthy.
        await MethodAsync(_root, await TokenAuthorizerAsync(function: "auth"));
        await DeployAsync();
        Assert.Equal(200, (await InvokeAsync("/", "allow")).Status);
    }

    private static (int, string) Trim((int Status, string Body, HttpResponseMessage _) answer) => (answer.Status, answer.Body);

    [Fact]
    public async Task TOKEN_results_are_cached_for_the_TTL_and_the_cached_policy_is_evaluated_for_each_method()
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync(ttl: 60));
        await MethodAsync(_pet, (await _api.CallAsync("GET", $"/restapis/{_id}/authorizers"))["item"]![0]!["id"]!.GetValue<string>());
        await DeployAsync();

        Assert.Equal(200, (await InvokeAsync("/pets", "allow")).Status);
        var (status, body, _) = await InvokeAsync("/pets", "allow");
        Assert.Equal(200, status);
        Assert.Contains("\"user\":\"alice\"", body, StringComparison.Ordinal);
        Assert.Equal(1, _functions.Invocations("auth"));

        // The cached policy allows GET /pets only: AWS's well-known 403 on another resource within the TTL.
        (status, body, _) = await InvokeAsync("/pets/7", "allow");
        Assert.Equal(403, status);
        Assert.Equal("""{"Message":"User is not authorized to access this resource"}""", body);
        Assert.Equal(1, _functions.Invocations("auth"));

        // A cached deny is a deny too.
        Assert.Equal(403, (await InvokeAsync("/pets", "deny")).Status);
        Assert.Equal(403, (await InvokeAsync("/pets", "deny")).Status);
        Assert.Equal(2, _functions.Invocations("auth"));

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(200, (await InvokeAsync("/pets", "allow")).Status);
        Assert.Equal(3, _functions.Invocations("auth"));
    }

    [Fact]
    public async Task TOKEN_default_TTL_is_300_seconds_and_0_invokes_every_time()
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync());
        await MethodAsync(_pets, await TokenAuthorizerAsync(ttl: 0, function: "auth"), verb: "POST");
        await DeployAsync();

        await InvokeAsync("/pets", "allow-api");
        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(299));
        await InvokeAsync("/pets", "allow-api");
        Assert.Equal(1, _functions.Invocations("auth"));
        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(2));
        await InvokeAsync("/pets", "allow-api");
        Assert.Equal(2, _functions.Invocations("auth"));

        Assert.Equal(200, (await InvokeAsync("/pets", "allow-api", method: "POST")).Status);
        Assert.Equal(200, (await InvokeAsync("/pets", "allow-api", method: "POST")).Status);
        Assert.Equal(4, _functions.Invocations("auth"));
    }

    [Fact]
    public async Task TestInvokeAuthorizer_runs_a_REQUEST_authorizer_on_the_described_headers_and_query()
    {
        var authorizer = await RequestAuthorizerAsync();
        var path = $"/restapis/{_id}/authorizers/{authorizer}";

        var allowed = await _api.CallAsync("POST", path, new
        {
            headers = new Dictionary<string, string> { ["X-User"] = "allow" },
            pathWithQueryString = "/pets/7?tenant=acme&tenant=zeta",
        });
        Assert.Equal(0, allowed["clientStatus"]!.GetValue<int>());
        Assert.Equal("user-1", allowed["principalId"]!.GetValue<string>());
        Assert.Null(allowed["claims"]);
        var e = _functions.Last("auth");
        Assert.Equal("zeta", e["queryStringParameters"]!["tenant"]!.GetValue<string>());
        Assert.Equal("allow", e["headers"]!["X-User"]!.GetValue<string>());

        var denied = await _api.CallAsync("POST", path, new { headers = new Dictionary<string, string> { ["X-User"] = "deny" }, pathWithQueryString = "/pets?tenant=acme" });
        Assert.Equal(403, denied["clientStatus"]!.GetValue<int>());
        var missing = await _api.CallAsync("POST", path, new { headers = new Dictionary<string, string> { ["X-User"] = "allow" } });
        Assert.Equal(401, missing["clientStatus"]!.GetValue<int>());
    }

    [Fact]
    public async Task REQUEST_allow_hands_the_function_AWS_event_and_the_context_to_the_integration()
    {
        await MethodAsync(_pet, await RequestAuthorizerAsync());
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("/pets/7?tenant=acme&tag=a&tag=b", user: "allow");

        Assert.Equal(200, status);
        Assert.Equal("""{"principal":"user-1","user":"alice","n":"7","admin":"true","ratio":"1.5"}""", body);
        var e = Assert.Single(_functions.Events("auth"));
        Assert.Equal("REQUEST", e["type"]!.GetValue<string>());
        Assert.Equal(MethodArn("GET/pets/7"), e["methodArn"]!.GetValue<string>());
        Assert.Equal("/pets/{petId}", e["resource"]!.GetValue<string>());
        Assert.Equal("/pets/7", e["path"]!.GetValue<string>());
        Assert.Equal("GET", e["httpMethod"]!.GetValue<string>());
        Assert.Equal("allow", e["headers"]!["X-User"]!.GetValue<string>());
        Assert.Equal("allow", e["multiValueHeaders"]!["X-User"]![0]!.GetValue<string>());
        Assert.Equal("acme", e["queryStringParameters"]!["tenant"]!.GetValue<string>());
        Assert.Equal("b", e["queryStringParameters"]!["tag"]!.GetValue<string>());
        Assert.Equal("""["a","b"]""", e["multiValueQueryStringParameters"]!["tag"]!.ToJsonString());
        Assert.Equal("""{"petId":"7"}""", e["pathParameters"]!.ToJsonString());
        Assert.Equal("""{"color":"blue"}""", e["stageVariables"]!.ToJsonString());
        var context = e["requestContext"]!;
        Assert.Equal("api", context["stage"]!.GetValue<string>());
        Assert.Equal(_id, context["apiId"]!.GetValue<string>());
        Assert.Equal("123456789012", context["accountId"]!.GetValue<string>());
        Assert.Equal("/pets/{petId}", context["resourcePath"]!.GetValue<string>());
        Assert.Equal("/api/pets/7", context["path"]!.GetValue<string>());
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeMilliseconds(), context["requestTimeEpoch"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(context["requestId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task REQUEST_explicit_deny_is_403()
    {
        await MethodAsync(_pets, await RequestAuthorizerAsync());
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("/pets?tenant=acme", user: "deny");

        Assert.Equal(403, status);
        Assert.Equal("""{"Message":"User is not authorized to access this resource with an explicit deny"}""", body);
    }

    [Fact]
    public async Task REQUEST_with_an_identity_source_missing_or_empty_is_401_without_invoking_when_caching()
    {
        await MethodAsync(_pets, await RequestAuthorizerAsync());
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("/pets?tenant=acme");
        Assert.Equal(401, status);
        Assert.Equal("""{"message":"Unauthorized"}""", body);
        Assert.Equal(401, (await InvokeAsync("/pets", user: "allow")).Status);
        Assert.Equal(401, (await InvokeAsync("/pets?tenant=", user: "allow")).Status);
        Assert.Equal(0, _functions.Invocations("auth"));
    }

    [Fact]
    public async Task REQUEST_without_caching_invokes_the_function_whatever_identity_sources_are_missing()
    {
        // AWS validates a REQUEST authorizer's identity sources only when it caches (they are the cache key).
        await MethodAsync(_pets, await RequestAuthorizerAsync(ttl: 0));
        await DeployAsync();

        Assert.Equal(200, (await InvokeAsync("/pets", user: "allow")).Status);
        Assert.Equal(200, (await InvokeAsync("/pets", user: "allow")).Status);
        Assert.Equal(2, _functions.Invocations("auth"));
    }

    [Theory]
    [InlineData("malformed")]
    [InlineData("nested")]
    [InlineData("boom")]
    public async Task REQUEST_malformed_answer_or_error_is_500(string user)
    {
        await MethodAsync(_pets, await RequestAuthorizerAsync());
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("/pets?tenant=acme", user: user);

        Assert.Equal(500, status);
        Assert.Equal("""{"message":null}""", body);
    }

    [Fact]
    public async Task REQUEST_function_failing_with_Unauthorized_is_401()
    {
        await MethodAsync(_pets, await RequestAuthorizerAsync());
        await DeployAsync();

        Assert.Equal(401, (await InvokeAsync("/pets?tenant=acme", user: "unauthorized")).Status);
    }

    [Fact]
    public async Task REQUEST_results_are_cached_by_all_identity_source_values_for_the_TTL()
    {
        await MethodAsync(_pets, await RequestAuthorizerAsync(ttl: 120));
        await DeployAsync();

        Assert.Equal(200, (await InvokeAsync("/pets?tenant=acme", user: "allow")).Status);
        Assert.Equal(200, (await InvokeAsync("/pets?tenant=acme&other=1", user: "allow")).Status);
        Assert.Equal(1, _functions.Invocations("auth"));

        // Another value of any identity source is another cache entry.
        Assert.Equal(200, (await InvokeAsync("/pets?tenant=globex", user: "allow")).Status);
        Assert.Equal(2, _functions.Invocations("auth"));

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(200, (await InvokeAsync("/pets?tenant=acme", user: "allow")).Status);
        Assert.Equal(3, _functions.Invocations("auth"));
    }

    [Fact]
    public async Task REQUEST_identity_sources_may_be_stage_variables_and_context_variables()
    {
        await MethodAsync(_pets, await RequestAuthorizerAsync(ttl: 300, identitySource: "method.request.header.X-User,stageVariables.color,context.httpMethod"));
        await DeployAsync();

        Assert.Equal(200, (await InvokeAsync("/pets", user: "allow-api")).Status);
        Assert.Equal(200, (await InvokeAsync("/pets", user: "allow-api")).Status);
        Assert.Equal(1, _functions.Invocations("auth"));
    }

    [Fact]
    public async Task With_apiKeySource_AUTHORIZER_the_usageIdentifierKey_is_the_API_key()
    {
        await _api.CallAsync("PATCH", $"/restapis/{_id}", ApiGatewayClient.Patch(("replace", "/apiKeySource", "AUTHORIZER")));
        await MethodAsync(_pets, await TokenAuthorizerAsync(ttl: 0), apiKeyRequired: true);
        await DeployAsync();
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "partner", value = KeyValue, enabled = true }, 201);
        var plan = await _api.CallAsync("POST", "/usageplans", new { name = "p", apiStages = new[] { new { apiId = _id, stage = "api" } } }, 201);
        await _api.CallAsync("POST", $"/usageplans/{plan["id"]!.GetValue<string>()}/keys", new { keyId = key["id"]!.GetValue<string>(), keyType = "API_KEY" }, 201);

        Assert.Equal(200, (await InvokeAsync("/pets", "keyed")).Status);

        // The header is not the source any more; an authorizer without usageIdentifierKey gets 403.
        var (status, body, _) = await InvokeAsync("/pets", "allow-api", apiKey: KeyValue);
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Forbidden"}""", body);
    }

    [Fact]
    public async Task Management_accepts_and_checks_Lambda_authorizers_as_AWS_does()
    {
        var created = await _api.CallAsync("POST", $"/restapis/{_id}/authorizers", new
        {
            name = "req",
            type = "REQUEST",
            authorizerUri = Arn("auth"),
            identitySource = "method.request.header.X-User,method.request.querystring.tenant,stageVariables.color,context.requestId",
        }, 201);
        Assert.Equal(300, created["authorizerResultTtlInSeconds"]!.GetValue<int>());
        Assert.Equal("custom", created["authType"]!.GetValue<string>());

        await _api.FailAsync("POST", $"/restapis/{_id}/authorizers", new { name = "a", type = "REQUEST", authorizerUri = Arn("auth") }, 400, "BadRequestException");
        await _api.CallAsync("POST", $"/restapis/{_id}/authorizers", new { name = "b", type = "REQUEST", authorizerUri = Arn("auth"), authorizerResultTtlInSeconds = 0 }, 201);
        await _api.FailAsync("POST", $"/restapis/{_id}/authorizers", new { name = "c", type = "REQUEST", authorizerUri = Arn("auth"), identitySource = "method.request.body" }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/restapis/{_id}/authorizers", new { name = "d", type = "TOKEN", authorizerUri = Arn("auth"), identitySource = "method.request.querystring.t" }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/restapis/{_id}/authorizers", new { name = "e", type = "TOKEN", identitySource = "method.request.header.A" }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/restapis/{_id}/authorizers", new { name = "f", type = "TOKEN", authorizerUri = Arn("auth"), identitySource = "method.request.header.A", authorizerResultTtlInSeconds = 3601 }, 400, "BadRequestException");
    }

    [Fact]
    public async Task An_authorizer_function_named_through_a_stage_variable_is_resolved_per_stage()
    {
        var authorizer = (await _api.CallAsync("POST", $"/restapis/{_id}/authorizers", new
        {
            name = "staged",
            type = "TOKEN",
            authorizerUri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:${stageVariables.authFunction}/invocations",
            identitySource = "method.request.header.Authorization",
        }, 201))["id"]!.GetValue<string>();
        await MethodAsync(_pets, authorizer);
        await _api.CallAsync("POST", $"/restapis/{_id}/deployments", new { stageName = "api", variables = new { authFunction = "auth" } }, 201);

        Assert.Equal(200, (await InvokeAsync("/pets", "allow")).Status);
        Assert.Equal(1, _functions.Invocations("auth"));
    }

    [Fact]
    public async Task FlushStageAuthorizersCache_makes_the_next_request_invoke_the_authorizer_again()
    {
        await MethodAsync(_pets, await TokenAuthorizerAsync(ttl: 300));
        await DeployAsync();
        await InvokeAsync("/pets", "allow");
        await InvokeAsync("/pets", "allow");
        Assert.Equal(1, _functions.Invocations("auth"));

        await _api.CallAsync("DELETE", $"/restapis/{_id}/stages/api/cache/authorizers", null, 202);
        await InvokeAsync("/pets", "allow");
        Assert.Equal(2, _functions.Invocations("auth"));
        await _api.FailAsync("DELETE", $"/restapis/{_id}/stages/nope/cache/authorizers", null, 404, "NotFoundException");
    }
}
