using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gatehouse.Server.Config;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>The seeds' config files from docs/configuration.md, applied and then invoked through the gateway.</summary>
public sealed class ConfigInvocationTests
{
    [Fact]
    public async Task Seed000FromTheFileIsServed()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var yaml = await SeedAsync("000");
        await applier.ApplyAsync(yaml, "seed000.yaml", CancellationToken.None);

        Assert.Equal(401, await InvokeAsync(gatehouse, "DELETE", "/restapis/news000001/api/_user_request_/news", null));
        var alice = await SignInAsync(gatehouse, "mysimpleappclient0000000001", "alice");
        var bob = await SignInAsync(gatehouse, "mysimpleappclient0000000001", "bob");
        Assert.Equal(200, await InvokeAsync(gatehouse, "DELETE", "/restapis/news000001/api/_user_request_/news", alice.IdToken));
        Assert.Equal(403, await InvokeAsync(gatehouse, "DELETE", "/restapis/news000001/api/_user_request_/news", bob.IdToken));

        // Reload with the group requirement dropped: redeployed, bob gets through.
        var changes = await applier.ApplyAsync(yaml.Replace("        groups: [admin]           # drop this line for the seed's first half: any signed-in user\n", "", StringComparison.Ordinal), "seed000.yaml", CancellationToken.None);
        Assert.Contains("deployed REST API news000001 to api", changes);
        Assert.Equal(200, await InvokeAsync(gatehouse, "DELETE", "/restapis/news000001/api/_user_request_/news", bob.IdToken));
    }

    [Fact]
    public async Task Seed001FromTheFileChecksScopes()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var yaml = (await SeedAsync("001")).Replace("{type: HTTP_PROXY, uri: \"http://localhost:8080/OAuthAPITest\"}", "{type: MOCK}", StringComparison.Ordinal);
        await applier.ApplyAsync(yaml, "seed001.yaml", CancellationToken.None);
        var client = await gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = "us-east-1_ApiProd01", ClientId = "productapiclient0000000001" });
        var secret = client["UserPoolClient"]!["ClientSecret"]!.GetValue<string>();
        var token = await gatehouse.TokenAsync("grant_type=client_credentials&scope=product-api/create_product", ("productapiclient0000000001", secret));
        Assert.NotNull(token.AccessToken);
        Assert.Equal(200, await InvokeAsync(gatehouse, "POST", "/restapis/oauthapi01/dev/_user_request_/OAuthAPITest", token.AccessToken));
        Assert.Equal(401, await InvokeAsync(gatehouse, "GET", "/restapis/oauthapi01/dev/_user_request_/OAuthAPITest", token.AccessToken));
        Assert.Equal(401, await InvokeAsync(gatehouse, "DELETE", "/restapis/oauthapi01/dev/_user_request_/OAuthAPITest", token.AccessToken));
        Assert.Empty(await applier.ApplyAsync(yaml, "seed001.yaml", CancellationToken.None));
        var again = await gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = "us-east-1_ApiProd01", ClientId = "productapiclient0000000001" });
        Assert.Equal(secret, again["UserPoolClient"]!["ClientSecret"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seed004FromTheFileServesTheHttpApiWithItsJwtAuthorizer()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        await using var backend = await TestBackend.StartAsync();
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var yaml = (await SeedAsync("004")).Replace("http://localhost:8080/users/{userId}", backend.Url + "/echo/users/{userId}", StringComparison.Ordinal);
        var changes = await applier.ApplyAsync(yaml, "seed004.yaml", CancellationToken.None);
        Assert.Contains("created HTTP API usersapi01", changes);

        var (status, body) = await InvokeHttpAsync(gatehouse, "usersapi01", "/users/42", null);
        Assert.Equal(401, status);
        Assert.Equal("""{"message":"Unauthorized"}""", body);
        var alice = await SignInAsync(gatehouse, "usersapiclient000000000001", "alice");
        (status, body) = await InvokeHttpAsync(gatehouse, "usersapi01", "/users/42", alice.AccessToken);
        Assert.Equal(200, status);
        Assert.Equal("/echo/users/42", JsonNode.Parse(body)!["path"]!.GetValue<string>());

        // Again: nothing changes, and the API answers as before.
        Assert.Empty(await applier.ApplyAsync(yaml, "seed004.yaml", CancellationToken.None));

        // A scope the token lacks: the $default stage deploys itself, and the call is now forbidden.
        var scoped = yaml.Replace("        authorizer: CognitoUserAuth\n", "        authorizer: CognitoUserAuth\n        scopes: [users/read]\n", StringComparison.Ordinal);
        Assert.Contains("updated HTTP API usersapi01", await applier.ApplyAsync(scoped, "seed004.yaml", CancellationToken.None));
        (status, body) = await InvokeHttpAsync(gatehouse, "usersapi01", "/users/42", alice.AccessToken);
        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Forbidden"}""", body);
        Assert.Empty(await applier.ApplyAsync(scoped, "seed004.yaml", CancellationToken.None));
    }

    [Fact]
    public async Task AReloadKeepsIdsAndRedeploysNamedStagesAndStagesMadeWithTheCli()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        await using var backend = await TestBackend.StartAsync();
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var api = new ApiGatewayClient(gatehouse);
        var yaml = (await SeedAsync("004"))
            .Replace("http://localhost:8080/users/{userId}", backend.Url + "/echo/users/{userId}", StringComparison.Ordinal)
            + "    stages:\n      prod: {autoDeploy: false}\n";
        await applier.ApplyAsync(yaml, "seed004.yaml", CancellationToken.None);
        await api.CallAsync("POST", "/v2/apis/usersapi01/stages", new { stageName = "byhand", autoDeploy = true }, 201);
        var routes = await api.CallAsync("GET", "/v2/apis/usersapi01/routes");
        var authorizers = await api.CallAsync("GET", "/v2/apis/usersapi01/authorizers");
        var alice = await SignInAsync(gatehouse, "usersapiclient000000000001", "alice");
        Assert.Equal(200, (await InvokeHttpAsync(gatehouse, "usersapi01", "/prod/users/42", alice.AccessToken)).Status);
        Assert.NotEqual(200, (await InvokeHttpAsync(gatehouse, "usersapi01", "/users/42", alice.AccessToken)).Status);

        var scoped = yaml.Replace("        authorizer: CognitoUserAuth\n", "        authorizer: CognitoUserAuth\n        scopes: [users/read]\n", StringComparison.Ordinal);
        var changes = await applier.ApplyAsync(scoped, "seed004.yaml", CancellationToken.None);

        Assert.Contains("deployed HTTP API usersapi01 to byhand, prod", changes);
        Assert.Equal(403, (await InvokeHttpAsync(gatehouse, "usersapi01", "/prod/users/42", alice.AccessToken)).Status);
        Assert.Equal(403, (await InvokeHttpAsync(gatehouse, "usersapi01", "/byhand/users/42", alice.AccessToken)).Status);
        Assert.Equal(routes["items"]![0]!["routeId"]!.GetValue<string>(), (await api.CallAsync("GET", "/v2/apis/usersapi01/routes"))["items"]![0]!["routeId"]!.GetValue<string>());
        Assert.Equal(authorizers["items"]![0]!["authorizerId"]!.GetValue<string>(), (await api.CallAsync("GET", "/v2/apis/usersapi01/authorizers"))["items"]![0]!["authorizerId"]!.GetValue<string>());
        Assert.Equal(routes["items"]![0]!["target"]!.GetValue<string>(), (await api.CallAsync("GET", "/v2/apis/usersapi01/routes"))["items"]![0]!["target"]!.GetValue<string>());
        Assert.Empty(await applier.ApplyAsync(scoped, "seed004.yaml", CancellationToken.None));
    }

    private static async Task<string> SeedAsync(string number)
    {
        var docs = await File.ReadAllTextAsync(ConfigFileTests.RepositoryFile("docs/configuration.md"));
        var section = docs[docs.IndexOf($"**Seed {number}", StringComparison.Ordinal)..];
        return Regex.Match(section, "```yaml\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
    }

    private static async Task<Tokens> SignInAsync(TestGatehouse gatehouse, string clientId, string username)
    {
        var result = (await gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = clientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = "Passw0rd!" },
        }))["AuthenticationResult"]!;
        return new Tokens(result["IdToken"]!.GetValue<string>(), result["AccessToken"]!.GetValue<string>(), result["RefreshToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lambda_authorizers_declared_by_function_name_guard_REST_methods_and_HTTP_API_routes()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        await using var functions = await FunctionServer.StartAsync(gatehouse);
        await functions.AddAsync("tokenCheck", e => FunctionReply.Json(new JsonObject
        {
            ["principalId"] = "user-1",
            ["policyDocument"] = new JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new JsonArray(new JsonObject
                {
                    ["Action"] = "execute-api:Invoke",
                    ["Effect"] = e["authorizationToken"]!.GetValue<string>() == "allow" ? "Allow" : "Deny",
                    ["Resource"] = e["methodArn"]!.GetValue<string>(),
                }),
            },
        }));
        await functions.AddAsync("simpleCheck", e => FunctionReply.Json(new JsonObject
        {
            ["isAuthorized"] = e["headers"]?["authorization"]?.GetValue<string>() == "Bearer allow",
        }));
        await functions.AddAsync("backend", _ => FunctionReply.Json(new JsonObject { ["statusCode"] = 200, ["body"] = "ok" }));
        const string yaml = """
            apis:
              - id: lambdaauth
                name: LambdaAuth
                authorizers:
                  custom:
                    type: TOKEN
                    function: tokenCheck
                    identitySource: method.request.header.Authorization
                stages:
                  api: {}
                methods:
                  "GET /secret":
                    authorizer: custom
                    integration: {type: MOCK}
            httpApis:
              - id: lambdahttp
                name: LambdaHttp
                authorizers:
                  simple:
                    type: REQUEST
                    function: simpleCheck
                    enableSimpleResponses: true
                    identitySource: [$request.header.Authorization]
                routes:
                  "GET /secret":
                    authorizer: simple
                    integration: {type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:backend"}
            """;
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var changes = await applier.ApplyAsync(yaml, "lambda.yaml", CancellationToken.None);
        Assert.Contains("created REST API lambdaauth", changes);

        Assert.Equal(401, await InvokeAsync(gatehouse, "GET", "/restapis/lambdaauth/api/_user_request_/secret", null));
        Assert.Equal(403, await InvokeAsync(gatehouse, "GET", "/restapis/lambdaauth/api/_user_request_/secret", "deny"));
        Assert.Equal(200, await InvokeAsync(gatehouse, "GET", "/restapis/lambdaauth/api/_user_request_/secret", "allow"));
        Assert.Equal(401, (await InvokeHttpAsync(gatehouse, "lambdahttp", "/secret", null)).Status);
        Assert.Equal(403, (await InvokeHttpAsync(gatehouse, "lambdahttp", "/secret", "deny")).Status);
        Assert.Equal(200, (await InvokeHttpAsync(gatehouse, "lambdahttp", "/secret", "allow")).Status);
        Assert.Empty(await applier.ApplyAsync(yaml, "lambda.yaml", CancellationToken.None));
    }

    private static async Task<int> InvokeAsync(TestGatehouse gatehouse, string method, string path, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        using var response = await gatehouse.Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static async Task<(int Status, string Body)> InvokeHttpAsync(TestGatehouse gatehouse, string apiId, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = $"{apiId}.execute-api.localhost";
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        using var response = await gatehouse.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
