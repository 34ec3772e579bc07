using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// Seed 002 end to end (issue 5, acceptance 1): the seed's own Python functions, word for word apart from the
/// constants it asks the reader to fill in, run on Gatehouse's python runtime. <c>autoConfirmUserFunction</c> is the
/// pool's Pre sign-up trigger; <c>signInFunction</c> signs up or signs in through boto3 with a SECRET_HASH, behind
/// <c>POST /auth</c> with a non-proxy Lambda integration; its id_token opens a Cognito-protected method.
/// </summary>
[Trait("Category", "Compat")]
public sealed class Seed002FunctionTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>, IDisposable
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:";
    private const string PasswordPolicy = "PasswordPolicy={MinimumLength=6,RequireUppercase=false,RequireLowercase=false,RequireNumbers=false,RequireSymbols=false}";
    private readonly GatehouseProcess _server = fixture.Server;
    private readonly string _code = Directory.CreateTempSubdirectory("gatehouse-seed002-").FullName;

    [Fact]
    public async Task Sign_in_function_behind_POST_auth_signs_up_then_signs_in_and_its_id_token_opens_the_protected_method()
    {
        // The pool: username only, no verification, a password policy that lets the seed's "123456" through.
        var pool = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("seed002"), "--policies", PasswordPolicy)).Json()["UserPool"]!;
        var poolId = pool["Id"]!.GetValue<string>();
        var client = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "signin", "--generate-secret",
            "--explicit-auth-flows", "ADMIN_NO_SRP_AUTH")).Json()["UserPoolClient"]!;

        // The two functions, with the seed's code; the sign-in one gets the pool's constants filled in.
        var signIn = (await File.ReadAllTextAsync(Path.Combine(Tools.CompatDirectory, "functions", "seed002", "sign_in_function.py")))
            .Replace("'pool_id'", $"'{poolId}'", StringComparison.Ordinal)
            .Replace("'app_client_id'", $"'{client["ClientId"]!.GetValue<string>()}'", StringComparison.Ordinal)
            .Replace("'app_client_secret'", $"'{client["ClientSecret"]!.GetValue<string>()}'", StringComparison.Ordinal);
        await PutFunctionAsync("signInFunction", signIn);
        await PutFunctionAsync("autoConfirmUserFunction", await File.ReadAllTextAsync(Path.Combine(Tools.CompatDirectory, "functions", "seed002", "auto_confirm_user_function.py")));

        // "Add Pre Sign-up Trigger": UpdateUserPool resets what it is not given, so the policy goes along.
        (await _server.CognitoIdpAsync(
            "update-user-pool", "--user-pool-id", poolId, "--policies", PasswordPolicy, "--lambda-config", $"PreSignUp={Arn}autoConfirmUserFunction")).Succeeded();

        // "Create API in API Gateway": POST /auth with a non-proxy Lambda integration, deployed to a stage.
        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("seed002"))).Json()["id"]!.GetValue<string>();
        var rootId = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId)).Json()["items"]![0]!["id"]!.GetValue<string>();
        var authId = (await _server.ApiGatewayAsync("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "auth")).Json()["id"]!.GetValue<string>();
        (await _server.ApiGatewayAsync("put-method", "--rest-api-id", apiId, "--resource-id", authId, "--http-method", "POST", "--authorization-type", "NONE")).Succeeded();
        (await _server.ApiGatewayAsync(
            "put-integration", "--rest-api-id", apiId, "--resource-id", authId, "--http-method", "POST", "--type", "AWS", "--integration-http-method", "POST",
            "--uri", $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{Arn}signInFunction/invocations")).Succeeded();
        (await _server.ApiGatewayAsync(
            "put-method-response", "--rest-api-id", apiId, "--resource-id", authId, "--http-method", "POST", "--status-code", "200",
            "--response-models", "application/json=Empty")).Succeeded();
        (await _server.ApiGatewayAsync(
            "put-integration-response", "--rest-api-id", apiId, "--resource-id", authId, "--http-method", "POST", "--status-code", "200",
            "--selection-pattern", "")).Succeeded();

        // "Create Authorizer for the API": a Cognito authorizer on a second method.
        var authorizerId = (await _server.ApiGatewayAsync(
            "create-authorizer", "--rest-api-id", apiId, "--name", "seed002", "--type", "COGNITO_USER_POOLS",
            "--provider-arns", pool["Arn"]!.GetValue<string>(), "--identity-source", "method.request.header.Authorization")).Json()["id"]!.GetValue<string>();
        var dummyId = (await _server.ApiGatewayAsync("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "dummy")).Json()["id"]!.GetValue<string>();
        (await _server.ApiGatewayAsync(
            "put-method", "--rest-api-id", apiId, "--resource-id", dummyId, "--http-method", "GET",
            "--authorization-type", "COGNITO_USER_POOLS", "--authorizer-id", authorizerId)).Succeeded();
        (await _server.ApiGatewayAsync(
            "put-integration", "--rest-api-id", apiId, "--resource-id", dummyId, "--http-method", "GET", "--type", "MOCK",
            "--request-templates", """{"application/json": "{\"statusCode\": 200}"}""")).Succeeded();
        (await _server.ApiGatewayAsync("put-method-response", "--rest-api-id", apiId, "--resource-id", dummyId, "--http-method", "GET", "--status-code", "200")).Succeeded();
        (await _server.ApiGatewayAsync(
            "put-integration-response", "--rest-api-id", apiId, "--resource-id", dummyId, "--http-method", "GET", "--status-code", "200",
            "--selection-pattern", "", "--response-templates", """{"application/json": "{\"hello\": \"$context.authorizer.claims['cognito:username']\"}"}""")).Succeeded();
        (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "dev")).Succeeded();

        // "Test the API": first call signs rakib up (auto-confirmed by the trigger), the second signs in.
        var url = $"{_server.Endpoint}/restapis/{apiId}/dev/_user_request_/auth";
        const string body = """{"username": "rakib", "password": "123456"}""";
        var first = await PostAsync(url, body);
        Assert.Equal("success", first["status"]!.GetValue<string>());
        Assert.Equal("true", first["is_new"]!.GetValue<string>());
        var idToken = first["id_token"]!.GetValue<string>();
        Assert.Equal(3, idToken.Split('.').Length);

        var user = (await _server.CognitoIdpAsync("admin-get-user", "--user-pool-id", poolId, "--username", "rakib")).Json();
        Assert.Equal("CONFIRMED", user["UserStatus"]!.GetValue<string>());

        var second = await PostAsync(url, body);
        Assert.Equal("success", second["status"]!.GetValue<string>());
        Assert.Equal("false", second["is_new"]!.GetValue<string>());

        var wrong = await PostAsync(url, """{"username": "rakib", "password": "654321"}""");
        Assert.Equal("fail", wrong["status"]!.GetValue<string>());
        Assert.Equal("The username or password is incorrect", wrong["msg"]!.GetValue<string>());

        // The id_token opens the protected method; nothing else does.
        var protectedUrl = $"{_server.Endpoint}/restapis/{apiId}/dev/_user_request_/dummy";
        Assert.Equal((401, """{"message":"Unauthorized"}"""), await Tools.CurlAsync("GET", protectedUrl));
        Assert.Equal((200, """{"hello": "rakib"}"""), await Tools.CurlAsync("GET", protectedUrl, second["id_token"]!.GetValue<string>()));
    }

    public void Dispose() => Directory.Delete(_code, recursive: true);

    private async Task PutFunctionAsync(string name, string code)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_code, name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "lambda_function.py"), code);
        using var http = new HttpClient();
        var definition = new JsonObject { ["runtime"] = "python", ["code"] = directory, ["handler"] = "lambda_function.lambda_handler", ["timeout"] = 15 };
        using var response = await http.PutAsJsonAsync(new Uri($"{_server.Endpoint}/_gatehouse/functions/{name}"), definition);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> PostAsync(string url, string body)
    {
        var (status, text) = await Tools.CurlAsync("POST", url, body: body);
        Assert.True(status == 200, $"{status} {text}");
        return JsonNode.Parse(text)!;
    }
}
