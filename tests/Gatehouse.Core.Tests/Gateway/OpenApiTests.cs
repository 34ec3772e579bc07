using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.OpenApi;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>OpenAPI text (JSON/YAML), import and export without HTTP.</summary>
public sealed class OpenApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly IdGenerator _ids = new();

    private static JsonObject Parse(string text) => OpenApiText.Parse(Encoding.UTF8.GetBytes(text));

    private RestApiDefinition Import(string text, out List<string> warnings)
    {
        var (api, w) = OpenApiImport.Create(Parse(text), "abcdefghij", new OpenApiImportOptions(), _ids, Now);
        warnings = w;
        return api;
    }

    [Fact]
    public void YAML_out_quotes_strings_that_would_read_back_as_something_else()
    {
        var document = new JsonObject
        {
            ["version"] = "2.0",
            ["flag"] = "true",
            ["nothing"] = "null",
            ["tilde"] = "~",
            ["literal"] = "'*'",
            ["empty"] = "",
            ["colon"] = "a: b",
            ["template"] = "{\"message\":$context.error.messageString}",
            ["regex"] = "4\\d{2}",
            ["number"] = 29000,
            ["real"] = 1.5,
            ["yes"] = true,
            ["list"] = new JsonArray("x", "1", null),
        };
        var yaml = Encoding.UTF8.GetString(OpenApiText.ToYaml(document));
        Assert.Equal(document.ToJsonString(), Parse(yaml).ToJsonString());
    }

    [Fact]
    public void JSON_and_YAML_read_to_the_same_tree_and_an_unquoted_swagger_version_is_accepted()
    {
        const string Yaml = "swagger: 2.0\ninfo:\n  title: t\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration:\n        type: mock\n";
        var api = Import(Yaml, out var warnings);
        Assert.Empty(warnings);
        Assert.Contains(api.Resources, r => r.Path == "/a" && r.ResourceMethods!["GET"].MethodIntegration!.Type == "MOCK");
        Assert.Equal(Parse("{\"a\": [1, \"b\", null, true]}").ToJsonString(), Parse("a:\n  - 1\n  - b\n  - ~\n  - true\n").ToJsonString());
    }

    [Fact]
    public void An_alias_bomb_is_invalid_input_not_a_hang()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            var previous = $"*a{i - 1}";
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }

        var e = Assert.Throws<ApiGatewayException>(() => Parse(yaml.ToString()));
        Assert.Equal(OpenApiText.InvalidInput, e.Message);
    }

    [Fact]
    public void Unsupported_extensions_warn_and_API_settings_are_applied()
    {
        const string Json = """
            {"openapi": "3.0.1", "info": {"title": "t"},
             "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": true}},
             "x-amazon-apigateway-minimum-compression-size": 1024,
             "x-amazon-apigateway-binary-media-types": ["image/png"],
             "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": []},
             "paths": {"/a": {"get": {"x-amazon-apigateway-request-validator": "all", "x-amazon-apigateway-integration": {"type": "mock"}}}}}
            """;
        var api = Import(Json, out var warnings);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("x-amazon-apigateway-request-validators", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("x-amazon-apigateway-request-validator of method 'GET /a'", StringComparison.Ordinal));
        Assert.Equal(1024, api.Api.MinimumCompressionSize);
        Assert.Equal(["image/png"], api.Api.BinaryMediaTypes!);
        Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":[]}", api.Api.Policy);

        var snapshot = Deployments.Create(api, new CreateDeploymentInput { StageName = "api" }, _ids, Now);
        var exported = OpenApiExport.Export(snapshot, api.Stage("api")!, OpenApiExport.Oas30, OpenApiExport.Extensions("apigateway"), "eu-west-1");
        Assert.Equal(1024, exported["x-amazon-apigateway-minimum-compression-size"]!.GetValue<int>());
        Assert.Equal("2012-10-17", exported["x-amazon-apigateway-policy"]!["Version"]!.GetValue<string>());
        Assert.Equal("https://abcdefghij.execute-api.eu-west-1.amazonaws.com/{basePath}", exported["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Merge_keeps_an_authorizer_id_by_name_so_methods_still_point_at_it()
    {
        const string Json = """
            {"openapi": "3.0.1", "info": {"title": "t"},
             "components": {"securitySchemes": {"pool": {"type": "apiKey", "name": "Authorization", "in": "header",
               "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abcDEF123"]}}}},
             "paths": {"/a": {"get": {"security": [{"pool": []}], "x-amazon-apigateway-integration": {"type": "mock"}}}}}
            """;
        var api = Import(Json, out _);
        var id = api.Authorizers.Single().Id;
        OpenApiImport.Put(api, Parse(Json.Replace("\"/a\"", "\"/b\"", StringComparison.Ordinal)), merge: true, new OpenApiImportOptions(), _ids);
        Assert.Equal(id, api.Authorizers.Single().Id);
        Assert.All(api.Resources.Where(r => r.ResourceMethods is not null), r => Assert.Equal(id, r.ResourceMethods!["GET"].AuthorizerId));
        Assert.Equal(["/", "/a", "/b"], api.Resources.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Extensions_parameter_accepts_AWS_names_only()
    {
        Assert.Empty(OpenApiExport.Extensions(null));
        Assert.Equal(["integrations", "authorizers"], OpenApiExport.Extensions("integrations, Authorizers"));
        Assert.Throws<ApiGatewayException>(() => OpenApiExport.Extensions("integrations,everything"));
    }
}
