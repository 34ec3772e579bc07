using System.Text.Json.Nodes;
using Gatehouse.Server.Config;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>gatehouse.yaml: applied at start, idempotent, re-applied on change, and refused whole when bad.</summary>
public sealed class ConfigFileTests
{
    internal const string Seeds = """
        userPools:
          - id: us-east-1_Example01
            name: MySimpleUP
            autoVerifiedAttributes: [email]
            passwordPolicy: {minimumLength: 8, requireNumbers: true}
            domain: api-product
            schema:
              - {name: department, attributeDataType: String}
            resourceServers:
              - identifier: product-api
                name: Product API
                scopes: [read_product, create_product, delete_product]
            groups:
              - {name: admin, description: May delete news, precedence: 1}
            clients:
              - clientId: mysimpleappclient0000000001
                name: MySimpleAppClient
                explicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
                allowedOAuthFlows: [implicit]
                allowedOAuthScopes: [openid, email, profile]
                callbackURLs: [http://localhost]
              - clientId: productapiclient0000000001
                name: ProductApiClient
                clientSecret: productapisecret0000000000000000000001
                allowedOAuthFlows: [client_credentials]
                allowedOAuthScopes: [product-api/read_product, product-api/create_product, product-api/delete_product]
            users:
              - username: alice
                password: Passw0rd!
                attributes: {email: alice@example.com, email_verified: true, "custom:department": news}
                groups: [admin]
              - username: bob
                password: Passw0rd!
                attributes: {email: bob@example.com}
        apis:
          - id: a1b2c3d4e5
            name: NewsApi
            authorizers:
              cognito:
                type: COGNITO_USER_POOLS
                userPools: [us-east-1_Example01]
                identitySource: method.request.header.Authorization
            stages:
              api:
                variables: {backend: localhost}
            methods:
              "DELETE /news":
                authorizer: cognito
                groups: [admin]
                integration: {type: MOCK}
              "GET /product":
                authorizer: cognito
                scopes: [product-api/read_product]
                integration: {type: MOCK}
              "POST /product":
                authorizer: cognito
                scopes: [product-api/create_product]
                integration: {type: MOCK}
        """;

    [Fact]
    public async Task StartAppliesTheFileAndTheDeclaredUserSignsIn()
    {
        await using var gatehouse = await StartWithAsync(Seeds);
        var pool = await gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = "us-east-1_Example01" });
        Assert.Equal("MySimpleUP", pool["UserPool"]!["Name"]!.GetValue<string>());
        Assert.Equal("api-product", pool["UserPool"]!["Domain"]!.GetValue<string>());
        Assert.Contains(pool["UserPool"]!["SchemaAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "custom:department");

        var tokens = await SignInAsync(gatehouse, "alice", "Passw0rd!");
        Assert.NotNull(tokens["AuthenticationResult"]!["IdToken"]);
        var groups = await gatehouse.CallAsync("AdminListGroupsForUser", new { UserPoolId = "us-east-1_Example01", Username = "alice" });
        Assert.Equal("admin", groups["Groups"]![0]!["GroupName"]!.GetValue<string>());
        var bob = await gatehouse.CallAsync("AdminGetUser", new { UserPoolId = "us-east-1_Example01", Username = "bob" });
        Assert.Equal("CONFIRMED", bob["UserStatus"]!.GetValue<string>());

        var client = await gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = "us-east-1_Example01", ClientId = "productapiclient0000000001" });
        Assert.Equal("productapisecret0000000000000000000001", client["UserPoolClient"]!["ClientSecret"]!.GetValue<string>());
        var server = await gatehouse.CallAsync("DescribeResourceServer", new { UserPoolId = "us-east-1_Example01", Identifier = "product-api" });
        Assert.Equal(3, server["ResourceServer"]!["Scopes"]!.AsArray().Count);

        var management = new ApiGatewayClient(gatehouse);
        var resources = await management.CallAsync("GET", "/restapis/a1b2c3d4e5/resources?embed=methods");
        var news = resources["item"]!.AsArray().Single(r => r!["path"]!.GetValue<string>() == "/news")!;
        var delete = news["resourceMethods"]!["DELETE"]!;
        Assert.Equal("COGNITO_USER_POOLS", delete["authorizationType"]!.GetValue<string>());
        Assert.Equal("MOCK", delete["methodIntegration"]!["type"]!.GetValue<string>());
        var authorizers = await management.CallAsync("GET", "/restapis/a1b2c3d4e5/authorizers");
        var authorizer = authorizers["item"]![0]!;
        Assert.Equal(authorizer["id"]!.GetValue<string>(), delete["authorizerId"]!.GetValue<string>());
        Assert.Equal("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example01", authorizer["providerARNs"]![0]!.GetValue<string>());
        var product = resources["item"]!.AsArray().Single(r => r!["path"]!.GetValue<string>() == "/product")!;
        Assert.Equal("product-api/read_product", product["resourceMethods"]!["GET"]!["authorizationScopes"]![0]!.GetValue<string>());

        var stage = await management.CallAsync("GET", "/restapis/a1b2c3d4e5/stages/api");
        Assert.Equal("localhost", stage["variables"]!["backend"]!.GetValue<string>());
        var deployments = await management.CallAsync("GET", "/restapis/a1b2c3d4e5/deployments");
        Assert.Equal(stage["deploymentId"]!.GetValue<string>(), Assert.Single(deployments["item"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pools_lambdaConfig_names_functions_or_ARNs()
    {
        await using var gatehouse = await StartWithAsync(
            "userPools:\n  - id: us-east-1_Triggers1\n    name: Pool\n    lambdaConfig:\n      preSignUp: autoConfirmUserFunction\n"
            + "      postConfirmation: arn:aws:lambda:us-east-1:123456789012:function:welcome\n");

        var config = (await gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = "us-east-1_Triggers1" }))["UserPool"]!["LambdaConfig"]!;

        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:autoConfirmUserFunction", config["PreSignUp"]!.GetValue<string>());
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:welcome", config["PostConfirmation"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyingTheSameFileTwiceChangesNothing()
    {
        await using var gatehouse = await StartWithAsync(Seeds);
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var management = new ApiGatewayClient(gatehouse);
        var before = (await management.CallAsync("GET", "/restapis/a1b2c3d4e5/resources?embed=methods")).ToJsonString();

        Assert.Empty(await applier.ApplyAsync(Seeds, "gatehouse.yaml", CancellationToken.None));
        var outcome = await applier.ReloadAsync(CancellationToken.None);
        Assert.Null(outcome.Error);
        Assert.Empty(outcome.Changes);

        Assert.Equal(before, (await management.CallAsync("GET", "/restapis/a1b2c3d4e5/resources?embed=methods")).ToJsonString());
        Assert.Single((await management.CallAsync("GET", "/restapis/a1b2c3d4e5/deployments"))["item"]!.AsArray());
        Assert.Equal(2, (await gatehouse.CallAsync("ListUsers", new { UserPoolId = "us-east-1_Example01" }))["Users"]!.AsArray().Count);
        Assert.Single((await gatehouse.CallAsync("ListUserPools", new { MaxResults = 10 }))["UserPools"]!.AsArray());
    }

    [Fact]
    public async Task ReloadAppliesChangesAndKeepsPasswordsAndUndeclaredObjects()
    {
        await using var gatehouse = await StartWithAsync(Seeds);
        var management = new ApiGatewayClient(gatehouse);
        var authorizerId = (await management.CallAsync("GET", "/restapis/a1b2c3d4e5/authorizers"))["item"]![0]!["id"]!.GetValue<string>();
        await gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = "us-east-1_Example01", Username = "alice", Password = "Changed1!", Permanent = true });
        await gatehouse.CallAsync("CreateGroup", new { UserPoolId = "us-east-1_Example01", GroupName = "made-by-hand" });

        var changed = Seeds
            .Replace("name: MySimpleAppClient", "name: RenamedClient", StringComparison.Ordinal)
            .Replace("      \"POST /product\":", "      \"DELETE /product\":\n        authorizer: cognito\n        scopes: [product-api/delete_product]\n        integration: {type: MOCK}\n      \"POST /product\":", StringComparison.Ordinal);
        await File.WriteAllTextAsync(ConfigPath(gatehouse), changed);
        var outcome = await gatehouse.Services.GetRequiredService<ConfigApplier>().ReloadAsync(CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Contains("updated app client mysimpleappclient0000000001 of us-east-1_Example01", outcome.Changes);
        Assert.Contains("deployed REST API a1b2c3d4e5 to api", outcome.Changes);
        var client = await gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = "us-east-1_Example01", ClientId = "mysimpleappclient0000000001" });
        Assert.Equal("RenamedClient", client["UserPoolClient"]!["ClientName"]!.GetValue<string>());
        var product = (await management.CallAsync("GET", "/restapis/a1b2c3d4e5/resources?embed=methods"))["item"]!.AsArray().Single(r => r!["path"]!.GetValue<string>() == "/product")!;
        Assert.NotNull(product["resourceMethods"]!["DELETE"]);
        Assert.Equal(authorizerId, (await management.CallAsync("GET", "/restapis/a1b2c3d4e5/authorizers"))["item"]![0]!["id"]!.GetValue<string>());
        var deployments = (await management.CallAsync("GET", "/restapis/a1b2c3d4e5/deployments"))["item"]!.AsArray();
        Assert.Equal(2, deployments.Count);
        var stage = await management.CallAsync("GET", "/restapis/a1b2c3d4e5/stages/api");
        var deployed = await management.CallAsync("GET", $"/restapis/a1b2c3d4e5/deployments/{stage["deploymentId"]!.GetValue<string>()}?embed=apisummary");
        Assert.NotNull(deployed["apiSummary"]!["/product"]!["DELETE"]);

        // The file's password was only the first one; the group made through the API stays.
        await SignInAsync(gatehouse, "alice", "Changed1!");
        await gatehouse.CallAsync("GetGroup", new { UserPoolId = "us-east-1_Example01", GroupName = "made-by-hand" });
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "userPools:\n  - id: us-east-1_Example01\n    name: [unclosed\n", "gatehouse.yaml:4: YAML syntax error" },
        { "userPools:\n  - id: us-east-1_Example01\n    nmae: Pool\n", "gatehouse.yaml:3: userPools[0].nmae: unknown key 'nmae' (did you mean 'name'?)" },
        { "userPools:\n  - id: us-east-1_Example01\n    name: Pool\n    groups:\n      - {name: admin, precedence: high}\n", "gatehouse.yaml:5: userPools[0].groups[0].precedence: expected an integer, not 'high'" },
        { "userPools:\n  - id: Example01\n    name: Pool\n", "gatehouse.yaml:2: userPools[0].id: 'Example01' is not a user pool id" },
        { "apis:\n  - id: a1b2c3d4e5\n    name: Api\n    methods:\n      \"GET /x\":\n        authorizer: nope\n        integration: {type: MOCK}\n", "gatehouse.yaml:6: apis[0].methods[\"GET /x\"].authorizer: unknown authorizer 'nope'" },
        { "userPools:\n  - id: us-east-1_Example01\n    name: Pool\n    clients:\n      - {clientId: abc, name: c, callbackURLs: [http://example.com]}\n", "gatehouse.yaml:5: userPools[0].clients[0]: InvalidParameterException: http://example.com is not a valid URL" },
        { "httpApis:\n  - id: qfb4k425ik\n    name: Api\n    routes:\n      \"GET /x\":\n        authorizer: nope\n        integration: {type: HTTP_PROXY, uri: http://localhost:8080/x}\n", "gatehouse.yaml:6: httpApis[0].routes[\"GET /x\"].authorizer: unknown authorizer 'nope'" },
        { "httpApis:\n  - id: qfb4k425ik\n    name: Api\n    routes:\n      \"GET /x\":\n        integration: {type: MOCK}\n", "gatehouse.yaml:6: httpApis[0].routes[\"GET /x\"]: BadRequestException: Integration type MOCK is not supported for HTTP APIs" },
        { "apis:\n  - {id: a1b2c3d4e5, name: Rest}\nhttpApis:\n  - {id: a1b2c3d4e5, name: Http}\n", "gatehouse.yaml:4: httpApis[0]: API id 'a1b2c3d4e5' is declared twice" },
        { "pools: []\n", "gatehouse.yaml:1: pools: unknown key 'pools' (expected one of: apis, functions, httpApis, userPools)" },
        { "userPools:\n  - id: us-east-1_Example01\n    name: Pool\n    lambdaConfig: {preSignup: f}\n", "gatehouse.yaml:4: userPools[0].lambdaConfig: 'preSignup' is not a trigger" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task ABadFileStopsStartWithItsLine(string yaml, string expected)
    {
        var directory = TempDirectory();
        var path = Path.Combine(directory, "gatehouse.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var error = await Assert.ThrowsAsync<ConfigException>(() => TestGatehouse.StartAsync(o => o.ConfigPath = path, Path.Combine(directory, "data")));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected.Replace("gatehouse.yaml", "", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACoreRuleRefusedOnReloadChangesNothingAndSaysWhere()
    {
        await using var gatehouse = await StartWithAsync(Seeds);
        var bad = Seeds
            .Replace("name: MySimpleUP", "name: RenamedPool", StringComparison.Ordinal)
            .Replace("callbackURLs: [http://localhost]", "callbackURLs: [http://example.com]", StringComparison.Ordinal)
            .Replace("name: NewsApi", "name: RenamedApi", StringComparison.Ordinal);
        await File.WriteAllTextAsync(ConfigPath(gatehouse), bad);

        var outcome = await gatehouse.Services.GetRequiredService<ConfigApplier>().ReloadAsync(CancellationToken.None);

        Assert.Contains(":16: userPools[0].clients[0]: InvalidParameterException: http://example.com is not a valid URL: it must be https, except for localhost.", outcome.Error);
        var pool = await gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = "us-east-1_Example01" });
        Assert.Equal("MySimpleUP", pool["UserPool"]!["Name"]!.GetValue<string>());
        var api = await new ApiGatewayClient(gatehouse).CallAsync("GET", "/restapis/a1b2c3d4e5");
        Assert.Equal("NewsApi", api["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApiGatewayRulesGiveTheManagementApisMessage()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var yaml = "apis:\n  - id: a1b2c3d4e5\n    name: Api\n    methods:\n      \"GET /bad path\":\n        integration: {type: MOCK}\n";

        var error = await Assert.ThrowsAsync<ConfigException>(() => applier.ApplyAsync(yaml, "gatehouse.yaml", CancellationToken.None));

        Assert.Contains("gatehouse.yaml:6: apis[0].methods[\"GET /bad path\"]: BadRequestException: Resource's path part only allow", error.Message, StringComparison.Ordinal);
        await new ApiGatewayClient(gatehouse).FailAsync("GET", "/restapis/a1b2c3d4e5", null, 404, "NotFoundException");
    }

    [Fact]
    public async Task AnExistingUserKeepsItsStatusAndANewOneMayHaveToChangeItsPassword()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var yaml = """
            userPools:
              - id: eu-west-1_Users0001
                name: Users
                usernameAttributes: [email]
                users:
                  - {username: carol@example.com, password: Passw0rd!, forceChangePassword: true, email_verified: true}
            """;

        await applier.ApplyAsync(yaml, "gatehouse.yaml", CancellationToken.None);

        var users = await gatehouse.CallAsync("ListUsers", new { UserPoolId = "eu-west-1_Users0001" });
        var carol = Assert.Single(users["Users"]!.AsArray())!;
        Assert.Equal("FORCE_CHANGE_PASSWORD", carol["UserStatus"]!.GetValue<string>());
        Assert.Contains(carol["Attributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "email_verified" && a["Value"]!.GetValue<string>() == "true");
        Assert.Empty(await applier.ApplyAsync(yaml, "gatehouse.yaml", CancellationToken.None));
    }

    [Fact]
    public async Task TheWatcherAppliesAChangedFile()
    {
        await using var gatehouse = await StartWithAsync(Seeds);
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
        var reloaded = new TaskCompletionSource<ConfigOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        applier.Reloaded += outcome =>
        {
            if (outcome.Changes.Count > 0 || outcome.Error is not null)
            {
                reloaded.TrySetResult(outcome);
            }
        };

        await File.WriteAllTextAsync(ConfigPath(gatehouse), Seeds.Replace("name: MySimpleUP", "name: WatchedPool", StringComparison.Ordinal));
        var outcome = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Null(outcome.Error);
        Assert.Contains("updated user pool us-east-1_Example01", outcome.Changes);
    }

    /// <summary>Every complete example in docs/configuration.md applies, and applies again with no change.</summary>
    [Fact]
    public async Task TheDocumentedExamplesApply()
    {
        var docs = await File.ReadAllTextAsync(RepositoryFile("docs/configuration.md"));
        var section = docs[docs.IndexOf("## The config file (gatehouse.yaml)", StringComparison.Ordinal)..];
        var examples = System.Text.RegularExpressions.Regex.Matches(section, "```yaml\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.True(examples.Count >= 6, $"found {examples.Count} examples");
        foreach (var yaml in examples)
        {
            await using var gatehouse = await TestGatehouse.StartAsync();
            var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();
            Assert.NotEmpty(await applier.ApplyAsync(yaml, "example.yaml", CancellationToken.None));
            Assert.Empty(await applier.ApplyAsync(yaml, "example.yaml", CancellationToken.None));
        }
    }

    internal static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gatehouse.slnx")))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        throw new InvalidOperationException("Gatehouse.slnx not found above " + AppContext.BaseDirectory);
    }

    private static async Task<TestGatehouse> StartWithAsync(string yaml)
    {
        var directory = TempDirectory();
        var path = Path.Combine(directory, "gatehouse.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return await TestGatehouse.StartAsync(o => o.ConfigPath = path, Path.Combine(directory, "data"));
    }

    private static string ConfigPath(TestGatehouse gatehouse) => gatehouse.Services.GetRequiredService<GatehouseOptions>().ConfigPath!;

    private static string TempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static Task<JsonNode> SignInAsync(TestGatehouse gatehouse, string username, string password) =>
        gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = "mysimpleappclient0000000001",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
        });
}
