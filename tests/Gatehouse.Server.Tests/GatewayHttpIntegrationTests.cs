using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>HTTP_PROXY and HTTP integrations against a real backend: what it receives, and the gateway's answers when it fails.</summary>
public sealed class GatewayHttpIntegrationTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private TestBackend _backend = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";
    private string _root = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _backend = await TestBackend.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        (_id, _root) = await _api.CreateApiAsync("proxy");
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task PutIntegrationAsync(string resourceId, string verb, object integration, object? method = null)
    {
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resourceId}/methods/{verb}", method ?? new { authorizationType = "NONE" }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{resourceId}/methods/{verb}/integration", integration, 201);
    }

    private async Task DeployAsync() => await _api.CallAsync("POST", $"/restapis/{_id}/deployments", new { stageName = "api" }, 201);

    private async Task<(int Status, string Body, HttpResponseMessage Response)> InvokeAsync(string method, string path, string? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/_aws/execute-api/{_id}/api{path}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task HTTP_PROXY_substitutes_path_parameters_and_passes_method_query_headers_and_body()
    {
        var users = await _api.CreateResourceAsync(_id, _root, "users");
        var user = await _api.CreateResourceAsync(_id, users, "{userId}");
        await PutIntegrationAsync(user, "ANY", new { type = "HTTP_PROXY", httpMethod = "ANY", uri = _backend.Url + "/echo/users/{userId}" });
        await DeployAsync();

        var (status, body, response) = await InvokeAsync("POST", "/users/42?verbose=1", """{"name":"alice"}""");
        Assert.Equal(200, status);
        Assert.Equal("yes", response.Headers.GetValues("X-Backend").Single());
        var echo = JsonNode.Parse(body)!;
        Assert.Equal("POST", echo["method"]!.GetValue<string>());
        Assert.Equal("/echo/users/42", echo["path"]!.GetValue<string>());
        Assert.Equal("?verbose=1", echo["query"]!.GetValue<string>());
        Assert.Equal("""{"name":"alice"}""", echo["body"]!.GetValue<string>());
        Assert.Equal("application/json; charset=utf-8", echo["headers"]!["content-type"]!.GetValue<string>());
        Assert.NotNull(echo["headers"]!["x-forwarded-proto"]);
    }

    [Fact]
    public async Task HTTP_PROXY_with_a_greedy_path_keeps_its_slashes()
    {
        var proxy = await _api.CreateResourceAsync(_id, _root, "{proxy+}");
        await PutIntegrationAsync(proxy, "ANY", new
        {
            type = "HTTP_PROXY",
            httpMethod = "ANY",
            uri = _backend.Url + "/echo/{proxy}",
            requestParameters = new Dictionary<string, string> { ["integration.request.path.proxy"] = "method.request.path.proxy" },
        }, new { authorizationType = "NONE", requestParameters = new Dictionary<string, bool> { ["method.request.path.proxy"] = true } });
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("GET", "/a/b%20c/d");
        Assert.Equal(200, status);
        Assert.Equal("/echo/a/b c/d", JsonNode.Parse(body)!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Claims_reach_an_HTTP_backend_through_request_parameter_mappings()
    {
        var pool = await Scenario.CreateAsync(_gatehouse);
        var authorizer = await _api.CreateCognitoAuthorizerAsync(_id, pool.PoolId);
        var me = await _api.CreateResourceAsync(_id, _root, "me");
        await PutIntegrationAsync(me, "GET", new
        {
            type = "HTTP_PROXY",
            httpMethod = "GET",
            uri = _backend.Url + "/echo/me",
            requestParameters = new Dictionary<string, string>
            {
                ["integration.request.header.X-User-Sub"] = "context.authorizer.claims.sub",
                ["integration.request.header.X-Stage"] = "'fixed'",
            },
        }, new { authorizationType = "COGNITO_USER_POOLS", authorizerId = authorizer });
        await DeployAsync();
        var sub = await pool.SignUpConfirmedAsync("alice");
        var tokens = await pool.TokensAsync("alice");

        var (status, body, _) = await InvokeAsync("GET", "/me", token: tokens.IdToken);
        Assert.Equal(200, status);
        var headers = JsonNode.Parse(body)!["headers"]!;
        Assert.Equal(sub, headers["x-user-sub"]!.GetValue<string>());
        Assert.Equal("fixed", headers["x-stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_backend_that_does_not_answer_in_time_is_504_and_one_that_is_down_is_502()
    {
        var hang = await _api.CreateResourceAsync(_id, _root, "hang");
        var down = await _api.CreateResourceAsync(_id, _root, "down");
        await PutIntegrationAsync(hang, "GET", new { type = "HTTP_PROXY", httpMethod = "GET", uri = _backend.Url + "/hang", timeoutInMillis = 50 });
        await PutIntegrationAsync(down, "GET", new { type = "HTTP_PROXY", httpMethod = "GET", uri = TestBackend.ClosedUrl() + "/x" });
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("GET", "/hang");
        Assert.Equal(504, status);
        Assert.Equal("""{"message":"Endpoint request timed out"}""", body);
        (status, body, _) = await InvokeAsync("GET", "/down");
        Assert.Equal(502, status);
        Assert.Equal("""{"message":"Internal server error"}""", body);
    }

    [Fact]
    public async Task A_backend_that_breaks_off_mid_body_breaks_the_clients_response_and_the_gateway_lives_on()
    {
        var broken = await _api.CreateResourceAsync(_id, _root, "break");
        var users = await _api.CreateResourceAsync(_id, _root, "users");
        await PutIntegrationAsync(broken, "GET", new { type = "HTTP_PROXY", httpMethod = "GET", uri = _backend.Url + "/break" });
        await PutIntegrationAsync(users, "GET", new { type = "HTTP_PROXY", httpMethod = "GET", uri = _backend.Url + "/echo/users" });
        await DeployAsync();

        // The client must not take the truncated answer for a whole one: the exchange fails, or the body is cut short.
        try
        {
            var (_, body, response) = await InvokeAsync("GET", "/break");
            Assert.True(body.Length < 1000, $"{(int)response.StatusCode} {body}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
        }

        Assert.Equal(200, (await InvokeAsync("GET", "/users")).Status);
    }

    [Fact]
    public async Task HTTP_maps_the_backend_status_through_integration_responses()
    {
        var item = await _api.CreateResourceAsync(_id, _root, "item");
        await PutIntegrationAsync(item, "GET", new
        {
            type = "HTTP",
            httpMethod = "GET",
            uri = _backend.Url + "/status/{code}",
            requestParameters = new Dictionary<string, string> { ["integration.request.path.code"] = "method.request.querystring.code" },
        });
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{item}/methods/GET/responses/200", new { }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{item}/methods/GET/responses/404", new { }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{item}/methods/GET/integration/responses/200", new { selectionPattern = "" }, 201);
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{item}/methods/GET/integration/responses/404", new
        {
            selectionPattern = "4\\d{2}",
            responseTemplates = new Dictionary<string, string> { ["application/json"] = """{"notFound":$input.json('$.from')}""" },
        }, 201);
        await DeployAsync();

        var (status, body, _) = await InvokeAsync("GET", "/item?code=200");
        Assert.Equal(200, status);
        Assert.Equal("""{"from":"backend"}""", body);
        (status, body, _) = await InvokeAsync("GET", "/item?code=410");
        Assert.Equal(404, status);
        Assert.Equal("""{"notFound":"backend"}""", body);
    }
}
