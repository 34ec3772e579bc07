using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// The real AWS CLI (<c>aws apigateway ... --endpoint-url</c>) against a running server: seed 000's and seed 001's
/// API setup word for word (issue 4, acceptance 1 and 2), its errors, patch operations and paging as a user sees them.
/// </summary>
[Trait("Category", "Compat")]
public sealed class ApiGatewayCliTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task Seed_000_builds_DELETE_news_with_a_Cognito_authorizer_and_a_MOCK_integration_and_deploys_it_to_api()
    {
        var pool = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("MySimpleUP"))).Json()["UserPool"]!;
        var poolArn = pool["Arn"]!.GetValue<string>();

        var api = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("news-api"))).Json();
        var apiId = api["id"]!.GetValue<string>();
        var rootId = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId, "--query", "items[?path=='/'].id | [0]")).Json().GetValue<string>();
        Assert.Equal(api["rootResourceId"]!.GetValue<string>(), rootId);

        var news = (await _server.ApiGatewayAsync("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "news")).Json();
        var newsId = news["id"]!.GetValue<string>();
        Assert.Equal("/news", news["path"]!.GetValue<string>());

        var authorizer = (await _server.ApiGatewayAsync(
            "create-authorizer", "--rest-api-id", apiId, "--name", "MySimpleUP-authorizer", "--type", "COGNITO_USER_POOLS",
            "--provider-arns", poolArn, "--identity-source", "method.request.header.Authorization")).Json();
        var authorizerId = authorizer["id"]!.GetValue<string>();
        Assert.Equal("cognito_user_pools", authorizer["authType"]!.GetValue<string>());
        Assert.Equal(poolArn, authorizer["providerARNs"]![0]!.GetValue<string>());

        var method = (await _server.ApiGatewayAsync(
            "put-method", "--rest-api-id", apiId, "--resource-id", newsId, "--http-method", "DELETE",
            "--authorization-type", "COGNITO_USER_POOLS", "--authorizer-id", authorizerId)).Json();
        Assert.Equal("COGNITO_USER_POOLS", method["authorizationType"]!.GetValue<string>());

        var integration = (await _server.ApiGatewayAsync(
            "put-integration", "--rest-api-id", apiId, "--resource-id", newsId, "--http-method", "DELETE", "--type", "MOCK",
            "--request-templates", """{"application/json": "{\"statusCode\": 200}"}""")).Json();
        Assert.Equal("MOCK", integration["type"]!.GetValue<string>());

        (await _server.ApiGatewayAsync("put-method-response", "--rest-api-id", apiId, "--resource-id", newsId, "--http-method", "DELETE", "--status-code", "200")).Json();
        (await _server.ApiGatewayAsync(
            "put-integration-response", "--rest-api-id", apiId, "--resource-id", newsId, "--http-method", "DELETE", "--status-code", "200",
            "--selection-pattern", "")).Json();

        var deployment = (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "api")).Json();
        var stage = (await _server.ApiGatewayAsync("get-stage", "--rest-api-id", apiId, "--stage-name", "api")).Json();
        Assert.Equal(deployment["id"]!.GetValue<string>(), stage["deploymentId"]!.GetValue<string>());

        var deployed = (await _server.ApiGatewayAsync("get-method", "--rest-api-id", apiId, "--resource-id", newsId, "--http-method", "DELETE")).Json();
        Assert.Equal(authorizerId, deployed["authorizerId"]!.GetValue<string>());
        Assert.Equal("{\"statusCode\": 200}", deployed["methodIntegration"]!["requestTemplates"]!["application/json"]!.GetValue<string>());
        Assert.Equal("200", deployed["methodIntegration"]!["integrationResponses"]!["200"]!["statusCode"]!.GetValue<string>());
        Assert.Equal("200", deployed["methodResponses"]!["200"]!["statusCode"]!.GetValue<string>());

        // Step 3 of the seed: call the stage with curl, as the reader does with Postman.
        var poolId = pool["Id"]!.GetValue<string>();
        var clientId = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "web",
            "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        foreach (var user in new[] { "alice", "bob" })
        {
            (await _server.CognitoIdpAsync("admin-create-user", "--user-pool-id", poolId, "--username", user)).Succeeded();
            (await _server.CognitoIdpAsync("admin-set-user-password", "--user-pool-id", poolId, "--username", user, "--password", "Passw0rd!", "--permanent")).Succeeded();
        }

        // The console's Test button for the authorizer, from the CLI.
        var tested = (await _server.ApiGatewayAsync(
            "test-invoke-authorizer", "--rest-api-id", apiId, "--authorizer-id", authorizerId,
            "--headers", $"Authorization={await IdTokenAsync(clientId, "alice")}")).Json();
        Assert.Equal(0, tested["clientStatus"]!.GetValue<int>());
        Assert.Equal("alice", tested["claims"]!["cognito:username"]!.GetValue<string>());
        var untested = (await _server.ApiGatewayAsync("test-invoke-authorizer", "--rest-api-id", apiId, "--authorizer-id", authorizerId)).Json();
        Assert.Equal(401, untested["clientStatus"]!.GetValue<int>());

        var url = $"http://{apiId}.execute-api.localhost:{_server.Port}/api/news";
        Assert.Equal((401, """{"message":"Unauthorized"}"""), await Tools.CurlAsync("DELETE", url));
        Assert.Equal(200, (await Tools.CurlAsync("DELETE", url, await IdTokenAsync(clientId, "alice"))).Status);

        // Seed 000 ends asking that only the admin group may DELETE /news: Gatehouse's group requirement.
        (await _server.CognitoIdpAsync("create-group", "--user-pool-id", poolId, "--group-name", "admin")).Succeeded();
        (await _server.CognitoIdpAsync("admin-add-user-to-group", "--user-pool-id", poolId, "--username", "alice", "--group-name", "admin")).Succeeded();
        (await _server.ApiGatewayAsync(
            "update-method", "--rest-api-id", apiId, "--resource-id", newsId, "--http-method", "DELETE",
            "--patch-operations", "op=add,path=/authorizationGroups/admin")).Json();
        (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "api")).Json();
        Assert.Equal(200, (await Tools.CurlAsync("DELETE", url, await IdTokenAsync(clientId, "alice"))).Status);
        Assert.Equal((403, """{"message":"User is not authorized to access this resource"}"""), await Tools.CurlAsync("DELETE", url, await IdTokenAsync(clientId, "bob")));
    }

    private async Task<string> IdTokenAsync(string clientId, string username) =>
        (await _server.CognitoIdpAsync(
            "initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId,
            "--auth-parameters", $"USERNAME={username},PASSWORD=Passw0rd!")).Json()["AuthenticationResult"]!["IdToken"]!.GetValue<string>();

    [Fact]
    public async Task Seed_001_gives_GET_POST_and_DELETE_their_own_product_api_scope()
    {
        var poolArn = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("products"))).Json()["UserPool"]!["Arn"]!.GetValue<string>();
        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("API_Cognito"))).Json()["id"]!.GetValue<string>();
        var rootId = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId)).Json()["items"]![0]!["id"]!.GetValue<string>();
        var resourceId = (await _server.ApiGatewayAsync("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "OAuthAPITest")).Json()["id"]!.GetValue<string>();
        var authorizerId = (await _server.ApiGatewayAsync(
            "create-authorizer", "--rest-api-id", apiId, "--name", "Cognito_Authorizer", "--type", "COGNITO_USER_POOLS",
            "--provider-arns", poolArn, "--identity-source", "method.request.header.Authorization")).Json()["id"]!.GetValue<string>();

        var scopes = new Dictionary<string, string>
        {
            ["GET"] = "product-api/read_product",
            ["POST"] = "product-api/create_product",
            ["DELETE"] = "product-api/delete_product",
        };
        foreach (var (verb, scope) in scopes)
        {
            var method = (await _server.ApiGatewayAsync(
                "put-method", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb,
                "--authorization-type", "COGNITO_USER_POOLS", "--authorizer-id", authorizerId, "--authorization-scopes", scope)).Json();
            Assert.Equal([scope], method["authorizationScopes"]!.AsArray().Select(s => s!.GetValue<string>()));
            (await _server.ApiGatewayAsync(
                "put-integration", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb, "--type", "MOCK",
                "--request-templates", """{"application/json": "{\"statusCode\": 200}"}""")).Json();
            (await _server.ApiGatewayAsync("put-method-response", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb, "--status-code", "200")).Json();
            (await _server.ApiGatewayAsync("put-integration-response", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb, "--status-code", "200", "--selection-pattern", "")).Json();
        }

        (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "dev")).Json();
        var resources = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId, "--embed", "methods")).Json();
        var methods = resources["items"]!.AsArray().Single(r => r!["path"]!.GetValue<string>() == "/OAuthAPITest")!["resourceMethods"]!.AsObject();
        Assert.Equal(scopes.Keys.Order(), methods.Select(m => m.Key).Order());
        foreach (var (verb, scope) in scopes)
        {
            Assert.Equal(scope, methods[verb]!["authorizationScopes"]![0]!.GetValue<string>());
        }

        // A client_credentials token holding only create_product: POST passes, GET and DELETE do not.
        var poolId = poolArn[(poolArn.LastIndexOf('/') + 1)..];
        (await _server.CognitoIdpAsync(
            "create-resource-server", "--user-pool-id", poolId, "--identifier", "product-api", "--name", "Products",
            "--scopes", "ScopeName=read_product,ScopeDescription=Read", "ScopeName=create_product,ScopeDescription=Create",
            "ScopeName=delete_product,ScopeDescription=Delete")).Succeeded();
        var client = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "product-client", "--generate-secret",
            "--allowed-o-auth-flows", "client_credentials", "--allowed-o-auth-flows-user-pool-client",
            "--allowed-o-auth-scopes", "product-api/read_product", "product-api/create_product", "product-api/delete_product")).Json()["UserPoolClient"]!;
        var token = (await Tools.RunAsync(
            "curl", ["-sS", "--fail-with-body", "-X", "POST", "--user", $"{client["ClientId"]}:{client["ClientSecret"]}",
                $"{_server.Endpoint}/oauth2/token?grant_type=client_credentials&scope=product-api/create_product",
                "-H", "Content-Type: application/x-www-form-urlencoded"])).Json()["access_token"]!.GetValue<string>();

        var url = $"{_server.Endpoint}/restapis/{apiId}/dev/_user_request_/OAuthAPITest?TableName=products";
        Assert.Equal(200, (await Tools.CurlAsync("POST", url, token, """{"TableName": "products","Item": {"product": {"S": "apple"},"id": {"S": "2"}}}""")).Status);
        Assert.Equal((401, """{"message":"Unauthorized"}"""), await Tools.CurlAsync("GET", url, token));
        Assert.Equal((401, """{"message":"Unauthorized"}"""), await Tools.CurlAsync("DELETE", url, token, """{"TableName": "products","Key": {"id":{"S": "1"}}}"""));
        Assert.Equal((401, """{"message":"Unauthorized"}"""), await Tools.CurlAsync("POST", url));
    }

    [Fact]
    public async Task Errors_print_as_AWS_s()
    {
        var missing = (await _server.ApiGatewayAsync("get-rest-api", "--rest-api-id", "nothere123")).Failed();
        Assert.Contains(missing.ExitCode, (int[])[254, 255]);
        Assert.Contains(
            "An error occurred (NotFoundException) when calling the GetRestApi operation: Invalid API identifier specified 123456789012:nothere123",
            missing.Stderr,
            StringComparison.Ordinal);

        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("errors"))).Json()["id"]!.GetValue<string>();
        var rootId = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId)).Json()["items"]![0]!["id"]!.GetValue<string>();
        var greedy = (await _server.ApiGatewayAsync("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "{proxy+}")).Json()["id"]!.GetValue<string>();
        var child = (await _server.ApiGatewayAsync("create-resource", "--rest-api-id", apiId, "--parent-id", greedy, "--path-part", "child")).Failed();
        Assert.Contains(
            "An error occurred (BadRequestException) when calling the CreateResource operation: Cannot create a child of a resource with a greedy path variable: {proxy+}",
            child.Stderr,
            StringComparison.Ordinal);

        var deploy = (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "api")).Failed();
        Assert.Contains("(BadRequestException) when calling the CreateDeployment operation: The REST API doesn't contain any methods", deploy.Stderr, StringComparison.Ordinal);

        var patch = (await _server.ApiGatewayAsync("update-rest-api", "--rest-api-id", apiId, "--patch-operations", "op=wrong,path=/name,value=x")).Failed();
        Assert.Contains("(ValidationException) when calling the UpdateRestApi operation: 1 validation error detected: Value 'wrong'", patch.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_stage_takes_variables_and_throttling_in_the_CLI_s_shorthand()
    {
        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("throttle"))).Json()["id"]!.GetValue<string>();
        var rootId = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId)).Json()["items"]![0]!["id"]!.GetValue<string>();
        (await _server.ApiGatewayAsync("put-method", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET", "--authorization-type", "NONE")).Json();
        (await _server.ApiGatewayAsync("put-integration", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET", "--type", "MOCK")).Json();
        (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "dev", "--variables", "backend=example.com")).Json();

        var stage = (await _server.ApiGatewayAsync(
            "update-stage", "--rest-api-id", apiId, "--stage-name", "dev", "--patch-operations",
            "op=replace,path=/*/*/throttling/rateLimit,value=10",
            "op=replace,path=/*/*/throttling/burstLimit,value=20",
            "op=replace,path=/~1/GET/throttling/burstLimit,value=2",
            "op=replace,path=/variables/color,value=blue")).Json();

        Assert.Equal(10.0, stage["methodSettings"]!["*/*"]!["throttlingRateLimit"]!.GetValue<double>());
        Assert.Equal(20, stage["methodSettings"]!["*/*"]!["throttlingBurstLimit"]!.GetValue<int>());
        Assert.Equal(2, stage["methodSettings"]!["~1/GET"]!["throttlingBurstLimit"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"backend":"example.com","color":"blue"}"""), stage["variables"]));
    }

    [Fact]
    public async Task Get_resources_pages_through_all_of_a_large_API()
    {
        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("big"))).Json()["id"]!.GetValue<string>();
        (await _server.PythonAsync(
            """
            import sys
            from gatehouse_compat import apigateway
            client = apigateway()
            api_id = sys.argv[1]
            root = client.get_resources(restApiId=api_id)["items"][0]["id"]
            for i in range(30):
                client.create_resource(restApiId=api_id, parentId=root, pathPart=f"r{i:02d}")
            """,
            apiId)).Succeeded();

        // Without --max-items the CLI follows every position; with --page-size it asks for small pages.
        var all = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId, "--page-size", "7")).Json();
        Assert.Equal(31, all["items"]!.AsArray().Count);
        Assert.Equal(31, all["items"]!.AsArray().Select(r => r!["path"]!.GetValue<string>()).Distinct().Count());

        var first = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId, "--max-items", "10")).Json();
        Assert.Equal(10, first["items"]!.AsArray().Count);
        Assert.NotNull(first["NextToken"]);
    }
}
