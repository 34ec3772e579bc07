using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>Integrations and integration responses over rest-json: AWS's defaults, required fields, patch operations.</summary>
public sealed class ApiGatewayIntegrationTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";
    private string _news = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        (_id, var root) = await _api.CreateApiAsync();
        _news = await _api.CreateResourceAsync(_id, root, "news");
        await _api.CallAsync("PUT", Path("GET"), new { authorizationType = "NONE" }, 201);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private string Path(string verb, string rest = "") => $"/restapis/{_id}/resources/{_news}/methods/{verb}{rest}";

    [Fact]
    public async Task A_MOCK_integration_gets_AWS_s_defaults()
    {
        var put = await _api.CallAsync("PUT", Path("GET", "/integration"), new
        {
            type = "MOCK",
            requestTemplates = new Dictionary<string, string> { ["application/json"] = "{\"statusCode\": 200}" },
        }, 201);

        Assert.Equal("MOCK", put["type"]!.GetValue<string>());
        Assert.Equal("WHEN_NO_MATCH", put["passthroughBehavior"]!.GetValue<string>());
        Assert.Equal(29000, put["timeoutInMillis"]!.GetValue<int>());
        Assert.Equal(_news, put["cacheNamespace"]!.GetValue<string>());
        Assert.Empty(put["cacheKeyParameters"]!.AsArray());
        Assert.Null(put["httpMethod"]);
        Assert.Null(put["connectionType"]);
        Assert.Equal("{\"statusCode\": 200}", put["requestTemplates"]!["application/json"]!.GetValue<string>());
        Assert.Equal(put.ToJsonString(), (await _api.CallAsync("GET", Path("GET", "/integration"))).ToJsonString());
    }

    [Fact]
    public async Task An_HTTP_integration_needs_a_verb_and_an_http_URI()
    {
        Assert.Equal("Enumeration value for HttpMethod must be non-empty", await _api.FailAsync("PUT", Path("GET", "/integration"), new { type = "HTTP_PROXY", uri = "http://example.com" }, 400, "BadRequestException"));
        Assert.Equal("Invalid HTTP endpoint specified for URI", await _api.FailAsync("PUT", Path("GET", "/integration"), new { type = "HTTP_PROXY", httpMethod = "GET", uri = "ftp://x" }, 400, "BadRequestException"));
        Assert.Equal("Invalid ARN specified in the request", await _api.FailAsync("PUT", Path("GET", "/integration"), new { type = "AWS_PROXY", httpMethod = "POST", uri = "lambda" }, 400, "BadRequestException"));
        Assert.Equal(
            "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]",
            await _api.FailAsync("PUT", Path("GET", "/integration"), new { type = "HTTPS_PROXY" }, 400, "ValidationException"));
        Assert.Equal("Timeout should be between 50 ms and 29000 ms", await _api.FailAsync("PUT", Path("GET", "/integration"), new { type = "MOCK", timeoutInMillis = 30000 }, 400, "BadRequestException"));
        Assert.Equal(
            "Validation Result: warnings : [], errors : [Invalid content type specified: 123]",
            await _api.FailAsync("PUT", Path("GET", "/integration"), new { type = "MOCK", requestTemplates = new Dictionary<string, string> { ["123"] = "x" } }, 400, "BadRequestException"));

        var put = await _api.CallAsync("PUT", Path("GET", "/integration"), new
        {
            type = "HTTP_PROXY",
            httpMethod = "GET",
            uri = "http://localhost:8080/users/{userId}",
            requestParameters = new Dictionary<string, string> { ["integration.request.header.x-user"] = "context.authorizer.claims.sub" },
        }, 201);
        Assert.Equal("INTERNET", put["connectionType"]!.GetValue<string>());
        Assert.Equal("GET", put["httpMethod"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_methods_and_integrations_are_named()
    {
        Assert.Equal("Invalid Method identifier specified", await _api.FailAsync("PUT", Path("POST", "/integration"), new { type = "MOCK" }, 404, "NotFoundException"));
        Assert.Equal("Invalid Integration identifier specified", await _api.FailAsync("GET", Path("GET", "/integration"), null, 404, "NotFoundException"));
        Assert.Equal("Invalid Integration identifier specified", await _api.FailAsync("DELETE", Path("GET", "/integration"), null, 404, "NotFoundException"));
        Assert.Equal("Invalid Integration identifier specified", await _api.FailAsync("GET", Path("GET", "/integration/responses/200"), null, 404, "NotFoundException"));
        Assert.Equal("Invalid Integration identifier specified", await _api.FailAsync("PUT", Path("GET", "/integration/responses/200"), new { }, 404, "NotFoundException"));
        Assert.Equal("Invalid Resource identifier specified", await _api.FailAsync("GET", $"/restapis/{_id}/resources/nothere/methods/GET/integration", null, 404, "NotFoundException"));
    }

    [Fact]
    public async Task Update_and_delete_an_integration()
    {
        await _api.CallAsync("PUT", Path("GET", "/integration"), new { type = "HTTP", httpMethod = "GET", uri = "http://a.example" }, 201);

        var updated = await _api.CallAsync("PATCH", Path("GET", "/integration"), Patch(
            ("replace", "/uri", "http://b.example/${stageVariables.path}"),
            ("replace", "/timeoutInMillis", "5000"),
            ("add", "/requestTemplates/application~1json", "{}"),
            ("add", "/cacheKeyParameters/method.request.path.id", null)));
        Assert.Equal("http://b.example/${stageVariables.path}", updated["uri"]!.GetValue<string>());
        Assert.Equal(5000, updated["timeoutInMillis"]!.GetValue<int>());
        Assert.Equal("{}", updated["requestTemplates"]!["application/json"]!.GetValue<string>());
        Assert.Equal("method.request.path.id", updated["cacheKeyParameters"]![0]!.GetValue<string>());

        Assert.Equal("Invalid patch path /type", await _api.FailAsync("PATCH", Path("GET", "/integration"), Patch(("replace", "/type", "MOCK")), 400, "BadRequestException"));
        Assert.Equal("Invalid timeoutInMillis specified: soon", await _api.FailAsync("PATCH", Path("GET", "/integration"), Patch(("replace", "/timeoutInMillis", "soon")), 400, "BadRequestException"));

        await _api.CallAsync("DELETE", Path("GET", "/integration"), status: 204);
        await _api.FailAsync("GET", Path("GET", "/integration"), null, 404, "NotFoundException");
    }

    [Fact]
    public async Task Integration_responses_put_get_update_delete()
    {
        await _api.CallAsync("PUT", Path("GET", "/integration"), new { type = "MOCK" }, 201);
        var put = await _api.CallAsync("PUT", Path("GET", "/integration/responses/200"), new
        {
            selectionPattern = "",
            responseTemplates = new Dictionary<string, string> { ["application/json"] = "\"created\"" },
            responseParameters = new Dictionary<string, string> { ["method.response.header.X-Source"] = "'mock'" },
        }, 201);
        Assert.Equal("", put["selectionPattern"]!.GetValue<string>());
        Assert.Equal("'mock'", put["responseParameters"]!["method.response.header.X-Source"]!.GetValue<string>());

        var updated = await _api.CallAsync("PATCH", Path("GET", "/integration/responses/200"), Patch(
            ("replace", "/selectionPattern", "updated-pattern"),
            ("remove", "/responseTemplates/application~1json", null)));
        Assert.Equal("updated-pattern", updated["selectionPattern"]!.GetValue<string>());

        var integration = await _api.CallAsync("GET", Path("GET", "/integration"));
        Assert.Equal("updated-pattern", integration["integrationResponses"]!["200"]!["selectionPattern"]!.GetValue<string>());

        Assert.Equal(
            "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
            await _api.FailAsync("GET", Path("GET", "/integration/responses/wrong"), null, 400, "ValidationException"));
        Assert.Equal("Invalid Response status code specified", await _api.FailAsync("DELETE", Path("GET", "/integration/responses/500"), null, 404, "NotFoundException"));
        Assert.Equal(
            "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: header.X]",
            await _api.FailAsync("PUT", Path("GET", "/integration/responses/400"), new { responseParameters = new Dictionary<string, string> { ["header.X"] = "'x'" } }, 400, "BadRequestException"));

        await _api.CallAsync("DELETE", Path("GET", "/integration/responses/200"), status: 204);
        await _api.FailAsync("GET", Path("GET", "/integration/responses/200"), null, 404, "NotFoundException");
    }

    [Fact]
    public async Task A_wrongly_typed_member_is_SerializationException()
    {
        var (status, _, type) = await _api.RawAsync("PUT", Path("GET", "/integration"), """{"type": "MOCK", "requestTemplates": {"application/json": true}}""");
        Assert.Equal((400, "SerializationException"), (status, type));
        (status, _, type) = await _api.RawAsync("PATCH", Path("GET"), """{"patchOperations": {"op": "replace"}}""");
        Assert.Equal((400, "SerializationException"), (status, type));
    }
}
