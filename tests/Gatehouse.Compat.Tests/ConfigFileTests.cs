namespace Gatehouse.Compat.Tests;

/// <summary>
/// <c>gatehouse serve --config</c>: the declared pool, client, user and REST API are there when the server answers,
/// as the AWS CLI sees them; a bad file stops the start with its line.
/// </summary>
[Trait("Category", "Compat")]
public sealed class ConfigFileTests
{
    private const string Config = """
        userPools:
          - id: us-east-1_Compat001
            name: MySimpleUP
            groups:
              - {name: admin}
            clients:
              - clientId: compatclient00000000000001
                name: MySimpleAppClient
                explicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
            users:
              - {username: alice, password: Passw0rd!, attributes: {email: alice@example.com}, groups: [admin]}
        apis:
          - id: compat0001
            name: NewsApi
            authorizers:
              cognito: {userPools: [us-east-1_Compat001]}
            stages:
              api: {}
            methods:
              "DELETE /news":
                authorizer: cognito
                groups: [admin]
                integration: {type: MOCK}
        """;

    [Fact]
    public async Task A_declared_user_signs_in_and_the_declared_REST_API_is_listed()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-compat", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "gatehouse.yaml");
        await File.WriteAllTextAsync(config, Config);
        await using var server = await GatehouseProcess.StartAsync(Path.Combine(directory, "data"), "--config", config);

        var auth = (await server.CognitoIdpAsync(
            "initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", "compatclient00000000000001",
            "--auth-parameters", "USERNAME=alice,PASSWORD=Passw0rd!")).Json();
        Assert.NotNull(auth["AuthenticationResult"]!["IdToken"]);

        var resources = (await server.ApiGatewayAsync("get-resources", "--rest-api-id", "compat0001", "--embed", "methods")).Json()["items"]!.AsArray();
        var news = resources.Single(r => r!["path"]!.GetValue<string>() == "/news")!;
        Assert.Equal("COGNITO_USER_POOLS", news["resourceMethods"]!["DELETE"]!["authorizationType"]!.GetValue<string>());
        var stage = (await server.ApiGatewayAsync("get-stage", "--rest-api-id", "compat0001", "--stage-name", "api")).Json();
        Assert.NotNull(stage["deploymentId"]);

        // Restarted on the same data, the file applies again and changes nothing.
        await server.KillAndRestartAsync();
        var deployments = (await server.ApiGatewayAsync("get-deployments", "--rest-api-id", "compat0001")).Json()["items"]!.AsArray();
        Assert.Single(deployments);
        Assert.Contains("nothing to change", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_stops_the_start_naming_its_line()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-compat", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "gatehouse.yaml");
        await File.WriteAllTextAsync(config, Config.Replace("name: NewsApi", "name: NewsApi\n    colour: blue", StringComparison.Ordinal));

        var result = await Tools.RunAsync("dotnet", [GatehouseProcess.DllPath, "serve", "--port", "0", "--data", Path.Combine(directory, "data"), "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{config}:15: apis[0].colour: unknown key 'colour'", result.Stderr, StringComparison.Ordinal);
    }
}
