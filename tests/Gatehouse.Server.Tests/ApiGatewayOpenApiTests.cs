using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>ImportRestApi, PutRestApi and GetExport over rest-json with raw OpenAPI bodies, JSON and YAML.</summary>
public sealed class ApiGatewayOpenApiTests : IAsyncLifetime
{
    /// <summary>Seed 000 and 004 in one file: a Cognito-protected DELETE with scopes and groups, an API-key GET, a greedy proxy.</summary>
    public const string NewsYaml = """
        openapi: 3.0.1
        info:
          title: news
          description: Seed walkthrough API
          version: "1.0"
        x-amazon-apigateway-api-key-source: HEADER
        x-amazon-apigateway-gateway-responses:
          UNAUTHORIZED:
            statusCode: 401
            responseParameters:
              gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
            responseTemplates:
              application/json: '{"message":$context.error.messageString}'
        paths:
          /news:
            delete:
              operationId: deleteNews
              security:
                - pool: [product-api/delete_product]
              x-gatehouse-groups: [admin]
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: "#/components/schemas/Empty"
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates:
                  application/json: '{"statusCode": 200}'
                passthroughBehavior: when_no_match
                responses:
                  default:
                    statusCode: "200"
                    responseTemplates:
                      application/json: '{"deleted": true}'
                  "4\\d{2}":
                    statusCode: "400"
          /users/{userId}:
            get:
              parameters:
                - name: userId
                  in: path
                  required: true
                  schema: {type: string}
                - name: verbose
                  in: query
                  schema: {type: string}
              security:
                - api_key: []
              responses:
                "200":
                  description: ok
                  headers:
                    X-Trace:
                      schema: {type: string}
                "400":
                  description: bad
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: http://backend.example/users/{userId}
                requestParameters:
                  integration.request.path.userId: method.request.path.userId
                timeoutInMillis: 5000
          /{proxy+}:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: ANY
                uri: http://backend.example/{proxy}
        components:
          schemas:
            Empty: {type: object}
          securitySchemes:
            pool:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: cognito_user_pools
              x-amazon-apigateway-authorizer:
                type: cognito_user_pools
                providerARNs:
                  - arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abcDEF123
            api_key:
              type: apiKey
              name: x-api-key
              in: header
        """;

    private const string SwaggerJson = """
        {
          "swagger": "2.0",
          "info": {"title": "pets", "version": "1"},
          "basePath": "/v1",
          "securityDefinitions": {
            "tokens": {"type": "apiKey", "name": "Authorization", "in": "header",
              "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abcDEF123"]}}
          },
          "paths": {
            "/pets/{petId}": {
              "parameters": [{"name": "petId", "in": "path", "required": true, "type": "string"}],
              "get": {
                "security": [{"tokens": ["pets/read"]}],
                "produces": ["application/json"],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Empty"}}},
                "x-amazon-apigateway-integration": {"type": "MOCK", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
                  "responses": {"default": {"statusCode": "200"}}}
              }
            }
          },
          "definitions": {"Empty": {"type": "object"}}
        }
        """;

    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(string method, string path, string? body, string? accept = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        }

        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        var response = await _gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private async Task<JsonNode> ImportAsync(string body, string query = "")
    {
        var (status, text, _) = await SendAsync("POST", $"/restapis?mode=import{query}", body);
        Assert.True(status == 201, $"import: {status} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<string> ImportFailsAsync(string body, string query = "")
    {
        var (status, text, response) = await SendAsync("POST", $"/restapis?mode=import{query}", body);
        Assert.True(status == 400, $"import: expected 400, got {status} {text}");
        Assert.Equal("BadRequestException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        return JsonNode.Parse(text)!["message"]!.GetValue<string>();
    }

    private async Task<Dictionary<string, JsonNode>> ResourcesAsync(string apiId) =>
        (await _api.CallAsync("GET", $"/restapis/{apiId}/resources?embed=methods&limit=500"))["item"]!.AsArray()
            .ToDictionary(r => r!["path"]!.GetValue<string>(), r => r!);

    [Fact]
    public async Task ImportRestApi_builds_the_tree_methods_authorizers_and_gateway_responses_from_YAML()
    {
        var api = await ImportAsync(NewsYaml);
        var id = api["id"]!.GetValue<string>();
        Assert.Equal("news", api["name"]!.GetValue<string>());
        Assert.Equal("Seed walkthrough API", api["description"]!.GetValue<string>());
        Assert.Equal("1.0", api["version"]!.GetValue<string>());
        Assert.Equal("HEADER", api["apiKeySource"]!.GetValue<string>());

        var resources = await ResourcesAsync(id);
        Assert.Equal(["/", "/news", "/users", "/users/{userId}", "/{proxy+}"], resources.Keys.Order(StringComparer.Ordinal));

        var authorizer = (await _api.CallAsync("GET", $"/restapis/{id}/authorizers"))["item"]!.AsArray().Single()!;
        Assert.Equal("pool", authorizer["name"]!.GetValue<string>());
        Assert.Equal("COGNITO_USER_POOLS", authorizer["type"]!.GetValue<string>());
        Assert.Equal("method.request.header.Authorization", authorizer["identitySource"]!.GetValue<string>());

        var delete = resources["/news"]["resourceMethods"]!["DELETE"]!;
        Assert.Equal("COGNITO_USER_POOLS", delete["authorizationType"]!.GetValue<string>());
        Assert.Equal(authorizer["id"]!.GetValue<string>(), delete["authorizerId"]!.GetValue<string>());
        Assert.Equal("product-api/delete_product", delete["authorizationScopes"]![0]!.GetValue<string>());
        Assert.Equal("admin", delete["authorizationGroups"]![0]!.GetValue<string>());
        Assert.Equal("deleteNews", delete["operationName"]!.GetValue<string>());
        Assert.Equal("Empty", delete["methodResponses"]!["200"]!["responseModels"]!["application/json"]!.GetValue<string>());
        var mock = delete["methodIntegration"]!;
        Assert.Equal("MOCK", mock["type"]!.GetValue<string>());
        Assert.Equal("WHEN_NO_MATCH", mock["passthroughBehavior"]!.GetValue<string>());
        Assert.Equal("{\"statusCode\": 200}", mock["requestTemplates"]!["application/json"]!.GetValue<string>());
        Assert.Null(mock["integrationResponses"]!["200"]!["selectionPattern"]);
        Assert.Equal("4\\d{2}", mock["integrationResponses"]!["400"]!["selectionPattern"]!.GetValue<string>());

        var get = resources["/users/{userId}"]["resourceMethods"]!["GET"]!;
        Assert.Equal("NONE", get["authorizationType"]!.GetValue<string>());
        Assert.True(get["apiKeyRequired"]!.GetValue<bool>());
        Assert.True(get["requestParameters"]!["method.request.path.userId"]!.GetValue<bool>());
        Assert.False(get["requestParameters"]!["method.request.querystring.verbose"]!.GetValue<bool>());
        Assert.False(get["methodResponses"]!["200"]!["responseParameters"]!["method.response.header.X-Trace"]!.GetValue<bool>());
        var proxy = get["methodIntegration"]!;
        Assert.Equal("HTTP_PROXY", proxy["type"]!.GetValue<string>());
        Assert.Equal("http://backend.example/users/{userId}", proxy["uri"]!.GetValue<string>());
        Assert.Equal(5000, proxy["timeoutInMillis"]!.GetValue<int>());
        Assert.Equal("method.request.path.userId", proxy["requestParameters"]!["integration.request.path.userId"]!.GetValue<string>());

        Assert.Equal("HTTP_PROXY", resources["/{proxy+}"]["resourceMethods"]!["ANY"]!["methodIntegration"]!["type"]!.GetValue<string>());

        var unauthorized = await _api.CallAsync("GET", $"/restapis/{id}/gatewayresponses/UNAUTHORIZED");
        Assert.False(unauthorized["defaultResponse"]!.GetValue<bool>());
        Assert.Equal("'*'", unauthorized["responseParameters"]!["gatewayresponse.header.Access-Control-Allow-Origin"]!.GetValue<string>());

        // Imported APIs deploy like any other.
        await _api.CallAsync("POST", $"/restapis/{id}/deployments", new { stageName = "api" }, 201);
    }

    [Fact]
    public async Task ImportRestApi_reads_Swagger_2_with_path_parameters_scopes_and_basepath()
    {
        var api = await ImportAsync(SwaggerJson, "&basepath=prepend&endpointConfigurationTypes=REGIONAL");
        var id = api["id"]!.GetValue<string>();
        Assert.Equal("REGIONAL", api["endpointConfiguration"]!["types"]![0]!.GetValue<string>());
        var resources = await ResourcesAsync(id);
        var get = resources["/v1/pets/{petId}"]["resourceMethods"]!["GET"]!;
        Assert.Equal("COGNITO_USER_POOLS", get["authorizationType"]!.GetValue<string>());
        Assert.Equal("pets/read", get["authorizationScopes"]![0]!.GetValue<string>());
        Assert.True(get["requestParameters"]!["method.request.path.petId"]!.GetValue<bool>());
        Assert.Equal("Empty", get["methodResponses"]!["200"]!["responseModels"]!["application/json"]!.GetValue<string>());
        Assert.Equal("MOCK", get["methodIntegration"]!["type"]!.GetValue<string>());

        var ignored = await ImportAsync(SwaggerJson);
        Assert.Contains("/pets/{petId}", (await ResourcesAsync(ignored["id"]!.GetValue<string>())).Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("just a string")]
    [InlineData("- a\n- list\n")]
    [InlineData("key: [unclosed")]
    [InlineData("{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"x\"}}")]
    [InlineData("{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"x\"}, \"paths\": {}}")]
    [InlineData("{\"swagger\": \"1.2\", \"info\": {\"title\": \"x\"}, \"paths\": {}}")]
    [InlineData("{\"info\": {\"title\": \"x\"}, \"paths\": {}}")]
    [InlineData("{\"openapi\": \"3.0.1\", \"openapi\": \"3.0.1\", \"info\": {\"title\": \"x\"}, \"paths\": {}}")]
    [InlineData("a: &a [*a, *a]\n")]
    public async Task ImportRestApi_rejects_what_is_not_an_OpenAPI_document(string body)
    {
        Assert.Equal("Invalid OpenAPI input.", await ImportFailsAsync(body));
        Assert.Empty((await _api.CallAsync("GET", "/restapis"))["item"]!.AsArray());
    }

    [Theory]
    [InlineData("/a b", "get", "{\"type\":\"mock\"}", "Unable to create resource at path '/a b'")]
    [InlineData("news", "get", "{\"type\":\"mock\"}", "Unable to create resource at path 'news'")]
    [InlineData("/a//b", "get", "{\"type\":\"mock\"}", "Unable to create resource at path '/a//b'")]
    [InlineData("/{proxy+}/x", "get", "{\"type\":\"mock\"}", "Unable to create resource at path '/{proxy+}/x'")]
    [InlineData("/news", "get", "{\"type\":\"lambda\"}", "Unable to put integration on 'GET' for resource at path '/news': Invalid integration type specified")]
    [InlineData("/news", "get", "{}", "Unable to put integration on 'GET' for resource at path '/news': Invalid integration type specified")]
    [InlineData("/news", "get", "{\"type\":\"http\",\"httpMethod\":\"GET\",\"uri\":\"not a url\"}", "Unable to put integration on 'GET' for resource at path '/news': Invalid HTTP endpoint specified for URI")]
    [InlineData("/news", "get", "{\"type\":\"mock\",\"timeoutInMillis\":\"soon\"}", "Unable to put integration on 'GET' for resource at path '/news'")]
    [InlineData("/news", "get", "[]", "Unable to put integration on 'GET' for resource at path '/news'")]
    public async Task ImportRestApi_rejects_invalid_paths_and_integrations_naming_where(string path, string verb, string integration, string expected)
    {
        var body = "{\"openapi\":\"3.0.1\",\"info\":{\"title\":\"x\"},\"paths\":{\"" + path + "\":{\"" + verb + "\":{\"x-amazon-apigateway-integration\":" + integration + "}}}}";
        var message = await ImportFailsAsync(body);
        Assert.StartsWith("Errors found during import:\n\t" + expected, message);
        Assert.Empty((await _api.CallAsync("GET", "/restapis"))["item"]!.AsArray());
    }

    [Fact]
    public async Task ImportRestApi_rejects_duplicate_resources_undefined_schemes_and_bad_extensions()
    {
        Assert.Contains("Unable to create resource at path '/pets/{petId}'",
            await ImportFailsAsync("""{"openapi":"3.0.1","info":{"title":"x"},"paths":{"/pets/{id}":{},"/pets/{petId}":{}}}"""));
        Assert.Equal("Errors found during import:\n\tUnable to put method 'GET' on resource at path '/news': No security definition found for 'pool'.",
            await ImportFailsAsync("""{"openapi":"3.0.1","info":{"title":"x"},"paths":{"/news":{"get":{"security":[{"pool":[]}]}}}}"""));
        Assert.Contains("x-gatehouse-groups must be a list of group names",
            await ImportFailsAsync("""{"openapi":"3.0.1","info":{"title":"x"},"paths":{"/news":{"get":{"x-gatehouse-groups":"admin"}}}}"""));
        Assert.Contains("Unable to create authorizer 'pool'",
            await ImportFailsAsync("""{"openapi":"3.0.1","info":{"title":"x"},"paths":{},"components":{"securitySchemes":{"pool":{"type":"apiKey","name":"Authorization","in":"header","x-amazon-apigateway-authorizer":{"type":"cognito_user_pools"}}}}}"""));
        Assert.Contains("Unable to put gateway response 'NOPE'",
            await ImportFailsAsync("""{"openapi":"3.0.1","info":{"title":"x"},"paths":{},"x-amazon-apigateway-gateway-responses":{"NOPE":{"statusCode":"400"}}}"""));
        Assert.Contains("Invalid API Key source specified",
            await ImportFailsAsync("""{"openapi":"3.0.1","info":{"title":"x"},"paths":{},"x-amazon-apigateway-api-key-source":"COOKIE"}"""));
        Assert.Contains("info.title is required", await ImportFailsAsync("""{"openapi":"3.0.1","info":{},"paths":{}}"""));
        Assert.Contains("Invalid EndpointTypes", await ImportFailsAsync("""{"openapi":"3.0.1","info":{"title":"x"},"paths":{}}""", "&endpointConfigurationTypes=MOON"));
        Assert.Empty((await _api.CallAsync("GET", "/restapis"))["item"]!.AsArray());
    }

    [Fact]
    public async Task Warnings_are_returned_or_with_failonwarnings_fail_the_import()
    {
        const string Body = """{"openapi":"3.0.1","info":{"title":"x"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object"}}}}}}}}}""";
        var api = await ImportAsync(Body);
        Assert.Contains("Gatehouse supports only the Empty and Error models", api["warnings"]![0]!.GetValue<string>());
        Assert.Null((await _api.CallAsync("GET", $"/restapis/{api["id"]}"))["warnings"]);

        Assert.StartsWith("Warnings found during import:\n\t", await ImportFailsAsync(Body, "&failonwarnings=true"));
        Assert.Single((await _api.CallAsync("GET", "/restapis"))["item"]!.AsArray());
    }

    [Fact]
    public async Task CreateRestApi_still_answers_POST_restapis_without_mode()
    {
        var (id, _) = await _api.CreateApiAsync("plain");
        Assert.Equal("plain", (await _api.CallAsync("GET", $"/restapis/{id}"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutRestApi_overwrites_or_merges_the_definition()
    {
        var id = (await ImportAsync(NewsYaml))["id"]!.GetValue<string>();
        var root = (await ResourcesAsync(id))["/"]["id"]!.GetValue<string>();

        const string Extra = """{"openapi":"3.0.1","info":{"title":"renamed"},"paths":{"/extra":{"get":{"x-amazon-apigateway-integration":{"type":"mock"}}},"/news":{"get":{"x-amazon-apigateway-integration":{"type":"mock"}}}}}""";
        var (status, text, _) = await SendAsync("PUT", $"/restapis/{id}?mode=merge", Extra);
        Assert.True(status == 200, text);
        var merged = await ResourcesAsync(id);
        Assert.Contains("/users/{userId}", merged.Keys);
        Assert.Contains("/extra", merged.Keys);
        Assert.Equal(["DELETE", "GET"], merged["/news"]["resourceMethods"]!.AsObject().Select(m => m.Key).Order(StringComparer.Ordinal));
        Assert.Equal("news", JsonNode.Parse(text)!["name"]!.GetValue<string>());
        Assert.Single((await _api.CallAsync("GET", $"/restapis/{id}/authorizers"))["item"]!.AsArray());

        (status, text, _) = await SendAsync("PUT", $"/restapis/{id}?mode=overwrite", Extra);
        Assert.True(status == 200, text);
        Assert.Equal("renamed", JsonNode.Parse(text)!["name"]!.GetValue<string>());
        var overwritten = await ResourcesAsync(id);
        Assert.Equal(["/", "/extra", "/news"], overwritten.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(root, overwritten["/"]["id"]!.GetValue<string>());
        Assert.Empty((await _api.CallAsync("GET", $"/restapis/{id}/authorizers"))["item"]!.AsArray());
        Assert.True((await _api.CallAsync("GET", $"/restapis/{id}/gatewayresponses/UNAUTHORIZED"))["defaultResponse"]!.GetValue<bool>());

        // Rejections change nothing.
        (status, _, _) = await SendAsync("PUT", $"/restapis/{id}?mode=overwrite", """{"openapi":"3.0.1","info":{"title":"x"},"paths":{"/ok":{},"/a b":{}}}""");
        Assert.Equal(400, status);
        (status, text, _) = await SendAsync("PUT", $"/restapis/{id}?mode=sideways", Extra);
        Assert.Equal(400, status);
        Assert.Equal("Enumeration value of OpenAPI import mode must be \"overwrite\" or \"merge\"", JsonNode.Parse(text)!["message"]!.GetValue<string>());
        (status, _, _) = await SendAsync("PUT", $"/restapis/{id}", "not: [valid");
        Assert.Equal(400, status);
        Assert.Equal(["/", "/extra", "/news"], (await ResourcesAsync(id)).Keys.Order(StringComparer.Ordinal));

        Assert.Equal(404, (await SendAsync("PUT", "/restapis/nothere?mode=overwrite", Extra)).Status);
    }

    [Fact]
    public async Task GetExport_answers_oas30_and_swagger_in_JSON_or_YAML_with_the_extensions_asked_for()
    {
        var id = (await ImportAsync(NewsYaml))["id"]!.GetValue<string>();
        await _api.CallAsync("POST", $"/restapis/{id}/deployments", new { stageName = "api" }, 201);

        var (status, text, response) = await SendAsync("GET", $"/restapis/{id}/stages/api/exports/oas30?extensions=integrations,authorizers", null, "application/json");
        Assert.True(status == 200, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var oas = JsonNode.Parse(text)!;
        Assert.Equal("3.0.1", oas["openapi"]!.GetValue<string>());
        Assert.Equal("api", oas["servers"]![0]!["variables"]!["basePath"]!["default"]!.GetValue<string>());
        var delete = oas["paths"]!["/news"]!["delete"]!;
        Assert.Equal("mock", delete["x-amazon-apigateway-integration"]!["type"]!.GetValue<string>());
        Assert.Equal("product-api/delete_product", delete["security"]![0]!["pool"]![0]!.GetValue<string>());
        Assert.Equal("admin", delete["x-gatehouse-groups"]![0]!.GetValue<string>());
        Assert.Equal("cognito_user_pools", oas["components"]!["securitySchemes"]!["pool"]!["x-amazon-apigateway-authorizer"]!["type"]!.GetValue<string>());
        Assert.NotNull(oas["paths"]!["/{proxy+}"]!["x-amazon-apigateway-any-method"]);

        var plain = JsonNode.Parse((await SendAsync("GET", $"/restapis/{id}/stages/api/exports/oas30", null)).Body)!;
        Assert.Null(plain["paths"]!["/news"]!["delete"]!["x-amazon-apigateway-integration"]);
        Assert.Null(plain["components"]!["securitySchemes"]!["pool"]!["x-amazon-apigateway-authorizer"]);

        (status, text, response) = await SendAsync("GET", $"/restapis/{id}/stages/api/exports/swagger?extensions=apigateway", null, "application/yaml");
        Assert.True(status == 200, text);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("swagger: \"2.0\"", text);
        Assert.Contains("basePath: /api", text);
        Assert.Contains("x-amazon-apigateway-gateway-responses:", text);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/restapis/{id}/stages/api/exports/oas30");
        request.Headers.TryAddWithoutValidation("Accept", "application/yaml;q=1, application/json;q=0.5");
        var yaml = await _gatehouse.Http.SendAsync(request);
        Assert.Equal("application/yaml", yaml.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment; filename=\"oas30_", yaml.Content.Headers.ContentDisposition?.ToString() ?? yaml.Headers.GetValues("Content-Disposition").Single());
    }

    [Fact]
    public async Task An_export_with_the_apigateway_extensions_reimports_to_the_same_API()
    {
        foreach (var (type, accept) in new[] { ("oas30", "application/json"), ("swagger", "application/yaml"), ("oas30", "application/yaml") })
        {
            var first = (await ImportAsync(NewsYaml))["id"]!.GetValue<string>();
            await _api.CallAsync("POST", $"/restapis/{first}/deployments", new { stageName = "api" }, 201);
            var (status, exported, _) = await SendAsync("GET", $"/restapis/{first}/stages/api/exports/{type}?extensions=apigateway", null, accept);
            Assert.Equal(200, status);

            var second = (await ImportAsync(exported))["id"]!.GetValue<string>();
            Assert.Equal(await ShapeAsync(first), await ShapeAsync(second));
        }
    }

    /// <summary>The API without its ids: paths, methods (authorizer by name), integrations, authorizers, gateway responses.</summary>
    private async Task<string> ShapeAsync(string apiId)
    {
        var authorizers = (await _api.CallAsync("GET", $"/restapis/{apiId}/authorizers"))["item"]!.AsArray();
        var names = authorizers.ToDictionary(a => a!["id"]!.GetValue<string>(), a => a!["name"]!.GetValue<string>());
        var resources = await ResourcesAsync(apiId);
        var shape = new JsonObject();
        foreach (var (path, resource) in resources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var methods = resource["resourceMethods"]?.DeepClone() as JsonObject ?? [];
            foreach (var (_, method) in methods)
            {
                if (method!["authorizerId"] is { } authorizerId)
                {
                    method["authorizerId"] = names[authorizerId.GetValue<string>()];
                }

                method["methodIntegration"]?.AsObject().Remove("cacheNamespace");
            }

            shape[path] = methods;
        }

        foreach (var authorizer in authorizers)
        {
            authorizer!.AsObject().Remove("id");
        }

        shape["authorizers"] = authorizers.DeepClone();
        var api = await _api.CallAsync("GET", $"/restapis/{apiId}");
        shape["api"] = new JsonObject { ["name"] = api["name"]!.DeepClone(), ["apiKeySource"] = api["apiKeySource"]!.DeepClone() };
        shape["gatewayResponses"] = (await _api.CallAsync("GET", $"/restapis/{apiId}/gatewayresponses"))["item"]!.DeepClone();
        return shape.ToJsonString();
    }

    [Fact]
    public async Task The_examples_of_docs_openapi_md_import_without_warnings_and_deploy()
    {
        var doc = File.ReadAllText(RepositoryFile("docs/openapi.md"));
        var examples = System.Text.RegularExpressions.Regex.Matches(doc, "```yaml\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.Equal(2, examples.Count);
        foreach (System.Text.RegularExpressions.Match example in examples)
        {
            var api = await ImportAsync(example.Groups[1].Value, "&failonwarnings=true");
            var id = api["id"]!.GetValue<string>();
            Assert.All(
                (await ResourcesAsync(id)).Values.SelectMany(r => r["resourceMethods"]?.AsObject().Select(m => m.Value!) ?? []),
                m => Assert.Equal("COGNITO_USER_POOLS", m["authorizationType"]!.GetValue<string>()));
            await _api.CallAsync("POST", $"/restapis/{id}/deployments", new { stageName = "api" }, 201);
        }
    }

    private static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gatehouse.slnx")))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        throw new InvalidOperationException($"No Gatehouse.slnx above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public async Task GetExport_rejects_unknown_stages_types_extensions_and_accept_types()
    {
        var id = (await ImportAsync(NewsYaml))["id"]!.GetValue<string>();
        await _api.CallAsync("POST", $"/restapis/{id}/deployments", new { stageName = "api" }, 201);
        Assert.Equal("Invalid Stage identifier specified", await _api.FailAsync("GET", $"/restapis/{id}/stages/nope/exports/oas30", null, 404, "NotFoundException"));
        await _api.FailAsync("GET", $"/restapis/nothere/stages/api/exports/oas30", null, 404, "NotFoundException");
        Assert.Equal("No API exporter for type 'raml'", await _api.FailAsync("GET", $"/restapis/{id}/stages/api/exports/raml", null, 400, "BadRequestException"));
        await _api.FailAsync("GET", $"/restapis/{id}/stages/api/exports/oas30?extensions=everything", null, 400, "BadRequestException");
        var (status, _, _) = await SendAsync("GET", $"/restapis/{id}/stages/api/exports/oas30", null, "text/html");
        Assert.Equal(400, status);
    }
}
