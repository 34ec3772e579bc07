using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>import-api, reimport-api and export-api: OpenAPI 3 with AWS's extensions and Gatehouse's group extension.</summary>
public sealed class ApiGatewayHttpApiOpenApiTests : IAsyncLifetime
{
    private const string Seed004 = """
        openapi: 3.0.1
        info:
          title: users-api
          version: '2024-01-01'
        paths:
          /users/{userId}:
            get:
              parameters:
                - name: userId
                  in: path
                  required: true
                  schema:
                    type: string
              security:
                - cognito: [openid]
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: http://127.0.0.1:8081/users/{userId}
                payloadFormatVersion: 1.0
                connectionType: INTERNET
          /news:
            delete:
              security:
                - cognito: []
              x-gatehouse-groups: [admin]
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: DELETE
                uri: http://127.0.0.1:8081/news
                payloadFormatVersion: '1.0'
                timeoutInMillis: 5000
          $default:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: arn:aws:lambda:us-east-1:123456789012:function:fallback
                payloadFormatVersion: '2.0'
        components:
          securitySchemes:
            cognito:
              type: oauth2
              flows: {}
              x-amazon-apigateway-authorizer:
                type: jwt
                identitySource: $request.header.Authorization
                jwtConfiguration:
                  issuer: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abcDEF123
                  audience:
                    - client123
        x-amazon-apigateway-cors:
          allowOrigins:
            - https://app.example.com
          allowMethods: [GET, DELETE]
          maxAge: 300
        """;

    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private async Task<string> ExportAsync(string apiId, string query)
    {
        var response = await _gatehouse.Http.GetAsync($"/v2/apis/{apiId}/exports/OAS30?{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    [Fact]
    public async Task Import_builds_routes_integrations_authorizers_cors_and_groups()
    {
        var api = await _api.CallAsync("PUT", "/v2/apis", new { body = Seed004 }, 201);
        var id = api["apiId"]!.GetValue<string>();
        Assert.Equal("users-api", api["name"]!.GetValue<string>());
        Assert.Equal("2024-01-01", api["version"]!.GetValue<string>());
        Assert.Equal(300, api["corsConfiguration"]!["maxAge"]!.GetValue<int>());

        var routes = (await _api.CallAsync("GET", $"/v2/apis/{id}/routes"))["items"]!.AsArray().ToDictionary(r => r!["routeKey"]!.GetValue<string>());
        Assert.Equal(["$default", "DELETE /news", "GET /users/{userId}"], routes.Keys.Order(StringComparer.Ordinal));
        var users = routes["GET /users/{userId}"]!;
        Assert.Equal("JWT", users["authorizationType"]!.GetValue<string>());
        Assert.Equal("openid", users["authorizationScopes"]![0]!.GetValue<string>());
        Assert.Equal("admin", routes["DELETE /news"]!["authorizationGroups"]![0]!.GetValue<string>());
        Assert.Null(routes["DELETE /news"]!["authorizationScopes"]);

        var integration = await _api.CallAsync("GET", $"/v2/apis/{id}/integrations/{users["target"]!.GetValue<string>()["integrations/".Length..]}");
        Assert.Equal("HTTP_PROXY", integration["integrationType"]!.GetValue<string>());
        Assert.Equal("1.0", integration["payloadFormatVersion"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:8081/users/{userId}", integration["integrationUri"]!.GetValue<string>());

        var authorizer = await _api.CallAsync("GET", $"/v2/apis/{id}/authorizers/{users["authorizerId"]!.GetValue<string>()}");
        Assert.Equal("cognito", authorizer["name"]!.GetValue<string>());
        Assert.Equal("client123", authorizer["jwtConfiguration"]!["audience"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("JSON")]
    [InlineData("YAML")]
    public async Task Export_then_import_round_trips(string outputType)
    {
        var id = (await _api.CallAsync("PUT", "/v2/apis", new { body = Seed004 }, 201))["apiId"]!.GetValue<string>();
        var exported = await ExportAsync(id, $"outputType={outputType}");
        var document = OpenApiText.Parse(exported)!;
        Assert.Equal("3.0.1", document["openapi"]!.GetValue<string>());
        var get = document["paths"]!["/users/{userId}"]!["get"]!;
        Assert.Equal("http_proxy", get["x-amazon-apigateway-integration"]!["type"]!.GetValue<string>());
        Assert.Equal("1.0", get["x-amazon-apigateway-integration"]!["payloadFormatVersion"]!.GetValue<string>());
        Assert.Equal("openid", get["security"]![0]!["cognito"]![0]!.GetValue<string>());
        Assert.Equal("admin", document["paths"]!["/news"]!["delete"]!["x-gatehouse-groups"]![0]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["$default"]!["x-amazon-apigateway-any-method"]);
        Assert.Equal("jwt", document["components"]!["securitySchemes"]!["cognito"]!["x-amazon-apigateway-authorizer"]!["type"]!.GetValue<string>());

        var copy = (await _api.CallAsync("PUT", "/v2/apis", new { body = exported }, 201))["apiId"]!.GetValue<string>();
        var again = OpenApiText.Parse(await ExportAsync(copy, $"outputType={outputType}"))!;
        again["servers"] = document["servers"]!.DeepClone();
        Assert.True(JsonNode.DeepEquals(document, again), $"{document.ToJsonString()}\n{again.ToJsonString()}");
    }

    [Fact]
    public async Task Export_without_extensions_and_of_a_stage()
    {
        var id = (await _api.CallAsync("PUT", "/v2/apis", new { body = Seed004 }, 201))["apiId"]!.GetValue<string>();
        var plain = OpenApiText.Parse(await ExportAsync(id, "outputType=JSON&includeExtensions=false"))!;
        Assert.DoesNotContain("x-amazon-apigateway", plain.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("x-gatehouse", plain.ToJsonString(), StringComparison.Ordinal);

        await _api.CallAsync("POST", $"/v2/apis/{id}/stages", new { stageName = "prod" }, 201);
        await _api.FailAsync("GET", $"/v2/apis/{id}/exports/OAS30?outputType=JSON&stageName=prod", null, 400, "BadRequestException");
        await _api.CallAsync("POST", $"/v2/apis/{id}/deployments", new { stageName = "prod" }, 201);
        var routes = (await _api.CallAsync("GET", $"/v2/apis/{id}/routes"))["items"]!.AsArray();
        await _api.CallAsync("DELETE", $"/v2/apis/{id}/routes/{routes.First(r => r!["routeKey"]!.GetValue<string>() == "DELETE /news")!["routeId"]}", null, 204);

        var staged = OpenApiText.Parse(await ExportAsync(id, "outputType=JSON&stageName=prod"))!;
        Assert.NotNull(staged["paths"]!["/news"]);
        Assert.EndsWith("/prod", staged["servers"]![0]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(OpenApiText.Parse(await ExportAsync(id, "outputType=JSON"))!["paths"]!["/news"]);

        await _api.FailAsync("GET", $"/v2/apis/{id}/exports/OAS30?outputType=JSON&stageName=nope", null, 404, "NotFoundException");
        await _api.FailAsync("GET", $"/v2/apis/{id}/exports/OAS30?outputType=XML", null, 400, "BadRequestException");
        await _api.FailAsync("GET", $"/v2/apis/{id}/exports/OAS30", null, 400, "BadRequestException");
        await _api.FailAsync("GET", $"/v2/apis/{id}/exports/SWAGGER?outputType=JSON", null, 400, "BadRequestException");
        await _api.FailAsync("GET", "/v2/apis/nothere123/exports/OAS30?outputType=JSON", null, 404, "NotFoundException");
    }

    [Fact]
    public async Task Reimport_replaces_the_definition_and_auto_deploys()
    {
        var id = (await _api.CallAsync("POST", "/v2/apis", new { name = "old", protocolType = "HTTP" }, 201))["apiId"]!.GetValue<string>();
        await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /old" }, 201);
        await _api.CallAsync("POST", $"/v2/apis/{id}/stages", new { stageName = "$default", autoDeploy = true }, 201);

        var api = await _api.CallAsync("PUT", $"/v2/apis/{id}", new { body = Seed004 }, 201);
        Assert.Equal("users-api", api["name"]!.GetValue<string>());
        var keys = (await _api.CallAsync("GET", $"/v2/apis/{id}/routes"))["items"]!.AsArray().Select(r => r!["routeKey"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("GET /old", keys);
        Assert.Equal(3, keys.Count);
        Assert.Single((await _api.CallAsync("GET", $"/v2/apis/{id}/stages"))["items"]!.AsArray());

        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(write: false, CancellationToken.None);
        var deployed = await HttpApiStore.GetDeployedStageAsync(session, id, "$default", CancellationToken.None);
        Assert.Equal(3, deployed!.Snapshot.Routes.Count);
        await _api.FailAsync("PUT", "/v2/apis/nothere123", new { body = Seed004 }, 404, "NotFoundException");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not: [valid")]
    [InlineData("{\"openapi\": \"3.0.1\"")]
    [InlineData("- a\n- b")]
    [InlineData("swagger: '2.0'\ninfo: {title: a, version: '1'}\npaths: {}")]
    [InlineData("openapi: 3.0.1\npaths: {}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: mock}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'not a url'}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a/{proxy+}/b:\n    get: {}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a:\n    get:\n      security: [{nope: []}]")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a:\n    get:\n      x-gatehouse-groups: admin")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\nx-amazon-apigateway-cors: {maxAge: soon}\npaths: {}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\ncomponents:\n  securitySchemes:\n    s:\n      x-amazon-apigateway-authorizer: {type: request}\npaths: {}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\ninfo: {title: b}\npaths: {}")]
    [InlineData("{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"a\"}, \"info\": {\"title\": \"b\"}, \"paths\": {}}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\n? [complex, key]\n: x\npaths: {}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\nx-loop: &a [*a]\npaths: {}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\npaths: {}")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: [1]")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a: [get]")]
    [InlineData("openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'http://x/', requestParameters: {a: {b: c}}}")]
    public async Task Import_refuses_documents_AWS_would_refuse(string body)
    {
        await _api.FailAsync("PUT", "/v2/apis", new { body }, 400, "BadRequestException");
        Assert.Empty((await _api.CallAsync("GET", "/v2/apis"))["items"]!.AsArray());
    }

    [Fact]
    public async Task FailOnWarnings_turns_ignored_parts_into_an_error()
    {
        const string body = "openapi: 3.0.1\ninfo: {title: a}\npaths:\n  /a:\n    get: {}";
        await _api.FailAsync("PUT", "/v2/apis?failOnWarnings=true", new { body }, 400, "BadRequestException");
        var api = await _api.CallAsync("PUT", "/v2/apis", new { body }, 201);
        Assert.Single(api["warnings"]!.AsArray());
        await _api.FailAsync("PUT", "/v2/apis", new { }, 400, "BadRequestException");
        using var content = new StringContent("{\"body\": 5}", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await _gatehouse.Http.PutAsync("/v2/apis", content);
        Assert.Equal(400, (int)response.StatusCode);
    }
}
