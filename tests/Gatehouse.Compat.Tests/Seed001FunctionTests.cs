using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// Seed 001 with its Lambda (issue 5, acceptance 2): the blueprint's Python handler behind GET, POST and DELETE
/// <c>/OAuthAPITest</c> with Lambda proxy integrations and a product-api scope each, reached with a client_credentials
/// token; then the same handler behind an HTTP API (quick create, payload 2.0).
/// </summary>
[Trait("Category", "Compat")]
public sealed class Seed001FunctionTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:OAuthAPITest";
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task The_blueprint_handler_gets_v1_events_behind_scoped_Lambda_proxy_methods_and_v2_events_behind_an_HTTP_API()
    {
        using (var http = new HttpClient())
        {
            var definition = new JsonObject
            {
                ["runtime"] = "python",
                ["code"] = Path.Combine(Tools.CompatDirectory, "functions", "seed001"),
                ["handler"] = "lambda_function.lambda_handler",
                ["timeout"] = 15,

                // The in-memory table lives in one warm worker.
                ["concurrency"] = 1,
            };
            using var put = await http.PutAsJsonAsync(new Uri($"{_server.Endpoint}/_gatehouse/functions/OAuthAPITest"), definition);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var pool = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("products"))).Json()["UserPool"]!;
        var poolId = pool["Id"]!.GetValue<string>();
        (await _server.CognitoIdpAsync(
            "create-resource-server", "--user-pool-id", poolId, "--identifier", "product-api", "--name", "Products",
            "--scopes", "ScopeName=read_product,ScopeDescription=Read", "ScopeName=create_product,ScopeDescription=Create",
            "ScopeName=delete_product,ScopeDescription=Delete")).Succeeded();
        var client = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "product-client", "--generate-secret",
            "--allowed-o-auth-flows", "client_credentials", "--allowed-o-auth-flows-user-pool-client",
            "--allowed-o-auth-scopes", "product-api/read_product", "product-api/create_product", "product-api/delete_product")).Json()["UserPoolClient"]!;

        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("API_Cognito"))).Json()["id"]!.GetValue<string>();
        var rootId = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId)).Json()["items"]![0]!["id"]!.GetValue<string>();
        var resourceId = (await _server.ApiGatewayAsync("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "OAuthAPITest")).Json()["id"]!.GetValue<string>();
        var authorizerId = (await _server.ApiGatewayAsync(
            "create-authorizer", "--rest-api-id", apiId, "--name", "Cognito_Authorizer", "--type", "COGNITO_USER_POOLS",
            "--provider-arns", pool["Arn"]!.GetValue<string>(), "--identity-source", "method.request.header.Authorization")).Json()["id"]!.GetValue<string>();
        foreach (var (verb, scope) in new[] { ("GET", "read_product"), ("POST", "create_product"), ("DELETE", "delete_product") })
        {
            (await _server.ApiGatewayAsync(
                "put-method", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb,
                "--authorization-type", "COGNITO_USER_POOLS", "--authorizer-id", authorizerId, "--authorization-scopes", $"product-api/{scope}")).Succeeded();
            (await _server.ApiGatewayAsync(
                "put-integration", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb, "--type", "AWS_PROXY",
                "--integration-http-method", "POST", "--uri", $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FunctionArn}/invocations")).Succeeded();
        }

        (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "dev")).Succeeded();

        var all = await TokenAsync(client, "");
        var createOnly = await TokenAsync(client, "&scope=product-api/create_product");
        var url = $"{_server.Endpoint}/restapis/{apiId}/dev/_user_request_/OAuthAPITest?TableName=products";

        var posted = await CallAsync("POST", url, all, """{"TableName": "products","Item": {"product": {"S": "apple"},"id": {"S": "2"}}}""");
        var postEvent = posted["event"]!;
        Assert.Equal("/OAuthAPITest", postEvent["resource"]!.GetValue<string>());
        Assert.Equal("/OAuthAPITest", postEvent["path"]!.GetValue<string>());
        Assert.Equal("POST", postEvent["httpMethod"]!.GetValue<string>());
        Assert.Equal("products", postEvent["queryStringParameters"]!["TableName"]!.GetValue<string>());
        Assert.Equal("products", postEvent["multiValueQueryStringParameters"]!["TableName"]![0]!.GetValue<string>());
        Assert.Null(postEvent["pathParameters"]);
        Assert.Null(postEvent["stageVariables"]);
        Assert.False(postEvent["isBase64Encoded"]!.GetValue<bool>());
        var requestContext = postEvent["requestContext"]!;
        Assert.Equal("dev", requestContext["stage"]!.GetValue<string>());
        Assert.Equal("/dev/OAuthAPITest", requestContext["path"]!.GetValue<string>());
        Assert.Equal(apiId, requestContext["apiId"]!.GetValue<string>());
        Assert.Equal(client["ClientId"]!.GetValue<string>(), requestContext["authorizer"]!["claims"]!["client_id"]!.GetValue<string>());
        Assert.Contains("product-api/create_product", requestContext["authorizer"]!["claims"]!["scope"]!.GetValue<string>(), StringComparison.Ordinal);

        var listed = await CallAsync("GET", url, all);
        Assert.Equal(1, listed["result"]!["Count"]!.GetValue<int>());
        Assert.Equal("GET", listed["event"]!["httpMethod"]!.GetValue<string>());
        Assert.Null(listed["event"]!["body"]);

        var deleted = await CallAsync("DELETE", url, all, """{"TableName": "products","Key": {"id":{"S": "2"}}}""");
        Assert.Equal("DELETE", deleted["event"]!["httpMethod"]!.GetValue<string>());
        Assert.Equal(0, (await CallAsync("GET", url, all))["result"]!["Count"]!.GetValue<int>());

        // Scopes are enforced before the function runs.
        Assert.Equal((401, """{"message":"Unauthorized"}"""), await Tools.CurlAsync("GET", url, createOnly));
        Assert.Equal((401, """{"message":"Unauthorized"}"""), await Tools.CurlAsync("GET", url));

        // The same handler behind an HTTP API: quick create with the function as the target is AWS_PROXY, payload 2.0.
        var httpApi = (await _server.ApiGatewayV2Async("create-api", "--name", Unique.Name("products-http"), "--protocol-type", "HTTP", "--target", FunctionArn)).Json();
        var httpApiId = httpApi["ApiId"]!.GetValue<string>();
        var v2 = await CallAsync("GET", $"http://{httpApiId}.execute-api.localhost:{_server.Port}/OAuthAPITest?TableName=products");
        var v2Event = v2["event"]!;
        Assert.Equal("2.0", v2Event["version"]!.GetValue<string>());
        Assert.Equal("$default", v2Event["routeKey"]!.GetValue<string>());
        Assert.Equal("/OAuthAPITest", v2Event["rawPath"]!.GetValue<string>());
        Assert.Equal("TableName=products", v2Event["rawQueryString"]!.GetValue<string>());
        Assert.Equal("GET", v2Event["requestContext"]!["http"]!["method"]!.GetValue<string>());
        Assert.Equal(0, v2["result"]!["Count"]!.GetValue<int>());
    }

    private async Task<string> TokenAsync(JsonNode client, string scope) =>
        (await Tools.RunAsync(
            "curl", ["-sS", "--fail-with-body", "-X", "POST", "--user", $"{client["ClientId"]}:{client["ClientSecret"]}",
                $"{_server.Endpoint}/oauth2/token?grant_type=client_credentials{scope}",
                "-H", "Content-Type: application/x-www-form-urlencoded"])).Json()["access_token"]!.GetValue<string>();

    private static async Task<JsonNode> CallAsync(string method, string url, string? token = null, string? body = null)
    {
        var (status, text) = await Tools.CurlAsync(method, url, token, body);
        Assert.True(status == 200, $"{method} {url}: {status} {text}");
        return JsonNode.Parse(text)!;
    }
}
