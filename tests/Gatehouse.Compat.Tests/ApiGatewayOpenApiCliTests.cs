using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// The real AWS CLI with raw bodies: <c>import-rest-api</c> and <c>put-rest-api</c> from a YAML file,
/// <c>get-export</c> to a file, and the gateway response commands.
/// </summary>
[Trait("Category", "Compat")]
public sealed class ApiGatewayOpenApiCliTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>, IDisposable
{
    private const string ApiYaml = """
        openapi: 3.0.1
        info:
          title: news-openapi
          version: "1.0"
        paths:
          /news:
            delete:
              security:
                - pool: [product-api/delete_product]
              x-gatehouse-groups: [admin]
              responses:
                "200":
                  description: ok
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates:
                  application/json: '{"statusCode": 200}'
                responses:
                  default:
                    statusCode: "200"
        components:
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
        """;

    private readonly GatehouseProcess _server = fixture.Server;
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-openapi-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Import_put_and_export_a_REST_API_from_a_YAML_file()
    {
        var file = Write("api.yaml", ApiYaml);
        var api = (await _server.ApiGatewayAsync("import-rest-api", "--body", $"fileb://{file}")).Json();
        var apiId = api["id"]!.GetValue<string>();
        Assert.Equal("news-openapi", api["name"]!.GetValue<string>());

        var resources = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId, "--embed", "methods")).Json()["items"]!.AsArray();
        var delete = resources.Single(r => r!["path"]!.GetValue<string>() == "/news")!["resourceMethods"]!["DELETE"]!;
        Assert.Equal("COGNITO_USER_POOLS", delete["authorizationType"]!.GetValue<string>());
        Assert.Equal("product-api/delete_product", delete["authorizationScopes"]![0]!.GetValue<string>());

        var more = Write("more.yaml", ApiYaml.Replace("  /news:", "  /extra:\n    get:\n      x-amazon-apigateway-integration:\n        type: mock\n  /news:", StringComparison.Ordinal));
        (await _server.ApiGatewayAsync("put-rest-api", "--rest-api-id", apiId, "--mode", "overwrite", "--body", $"fileb://{more}")).Json();
        resources = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId)).Json()["items"]!.AsArray();
        Assert.Equal(["/", "/extra", "/news"], resources.Select(r => r!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "api")).Json();
        var output = Path.Combine(_directory, "out.json");
        (await _server.ApiGatewayAsync(
            "get-export", "--rest-api-id", apiId, "--stage-name", "api", "--export-type", "oas30",
            "--parameters", "extensions='integrations,authorizers'", output)).Json();
        var exported = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal("3.0.1", exported["openapi"]!.GetValue<string>());
        Assert.Equal("mock", exported["paths"]!["/news"]!["delete"]!["x-amazon-apigateway-integration"]!["type"]!.GetValue<string>());
        Assert.Equal("admin", exported["paths"]!["/news"]!["delete"]!["x-gatehouse-groups"]![0]!.GetValue<string>());
        Assert.NotNull(exported["components"]!["securitySchemes"]!["pool"]!["x-amazon-apigateway-authorizer"]);

        var again = (await _server.ApiGatewayAsync("import-rest-api", "--body", $"fileb://{output}")).Json();
        Assert.Equal("news-openapi", again["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_AWS_would_reject_fails_with_BadRequestException()
    {
        var bad = Write("bad.yaml", ApiYaml.Replace("type: mock", "type: lambda", StringComparison.Ordinal));
        var result = (await _server.ApiGatewayAsync("import-rest-api", "--body", $"fileb://{bad}")).Failed();
        Assert.Contains("BadRequestException", result.Stderr);
        Assert.Contains("Errors found during import", result.Stderr);

        var notYaml = Write("not.yaml", "this: [is not");
        Assert.Contains("Invalid OpenAPI input.", (await _server.ApiGatewayAsync("import-rest-api", "--body", $"fileb://{notYaml}")).Failed().Stderr);
    }

    [Fact]
    public async Task Gateway_responses_are_put_read_updated_and_reset()
    {
        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("responses"))).Json()["id"]!.GetValue<string>();
        var all = (await _server.ApiGatewayAsync("get-gateway-responses", "--rest-api-id", apiId)).Json()["items"]!.AsArray();
        Assert.Equal(21, all.Count);

        var put = (await _server.ApiGatewayAsync(
            "put-gateway-response", "--rest-api-id", apiId, "--response-type", "UNAUTHORIZED", "--status-code", "401",
            "--response-parameters", "gatewayresponse.header.Access-Control-Allow-Origin=\"'*'\"",
            "--response-templates", """{"application/json": "{\"message\":$context.error.messageString}"}""")).Json();
        Assert.False(put["defaultResponse"]!.GetValue<bool>());
        Assert.Equal("'*'", put["responseParameters"]!["gatewayresponse.header.Access-Control-Allow-Origin"]!.GetValue<string>());

        var updated = (await _server.ApiGatewayAsync(
            "update-gateway-response", "--rest-api-id", apiId, "--response-type", "UNAUTHORIZED",
            "--patch-operations", "op=replace,path=/statusCode,value=403")).Json();
        Assert.Equal("403", updated["statusCode"]!.GetValue<string>());
        Assert.Equal("403", (await _server.ApiGatewayAsync("get-gateway-response", "--rest-api-id", apiId, "--response-type", "UNAUTHORIZED")).Json()["statusCode"]!.GetValue<string>());

        (await _server.ApiGatewayAsync("delete-gateway-response", "--rest-api-id", apiId, "--response-type", "UNAUTHORIZED")).Succeeded();
        var reset = (await _server.ApiGatewayAsync("get-gateway-response", "--rest-api-id", apiId, "--response-type", "UNAUTHORIZED")).Json();
        Assert.True(reset["defaultResponse"]!.GetValue<bool>());
        Assert.Equal("401", reset["statusCode"]!.GetValue<string>());
    }
}
