namespace Gatehouse.Compat.Tests;

/// <summary>
/// <c>gatehouse functions</c> against a real server: a python function registered with the CLI calls back into
/// Gatehouse with boto3 through <c>AWS_ENDPOINT_URL</c>, which only a server bound to a real port can offer.
/// </summary>
[Trait("Category", "Compat")]
public sealed class FunctionCliTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>, IDisposable
{
    private readonly GatehouseProcess _server = fixture.Server;
    private readonly string _code = Directory.CreateTempSubdirectory("gatehouse-fn-").FullName;

    public void Dispose() => Directory.Delete(_code, recursive: true);

    private Task<ToolResult> GatehouseAsync(params string[] args) =>
        Tools.RunAsync("dotnet", [GatehouseProcess.DllPath, "functions", .. args, "--endpoint-url", _server.Endpoint]);

    [Fact]
    public async Task A_python_function_put_with_the_CLI_calls_Gatehouse_with_boto3()
    {
        var poolName = Unique.Name("fn-pool");
        await _server.CognitoIdpAsync("create-user-pool", "--pool-name", poolName);
        await File.WriteAllTextAsync(Path.Combine(_code, "lambda_function.py"), """
            import os
            import boto3

            client = boto3.client("cognito-idp")

            def lambda_handler(event, context):
                print("listing pools for", event["who"])
                pools = client.list_user_pools(MaxResults=60)["UserPools"]
                return {"endpoint": os.environ["AWS_ENDPOINT_URL"], "pools": [p["Name"] for p in pools], "requestId": context.aws_request_id}
            """);
        var name = Unique.Name("pools");

        var put = (await GatehouseAsync("put", name, "--runtime", "python", "--code", _code, "--handler", "lambda_function.lambda_handler", "--timeout", "60", "--env", "STAGE=test")).Succeeded();
        var listed = (await GatehouseAsync("list")).Succeeded();
        var invoked = (await GatehouseAsync("invoke", name, "--payload", """{"who":"compat"}""")).Succeeded().Json();

        Assert.Equal(name, put.Json()["name"]!.GetValue<string>());
        Assert.Contains(listed.Json()["functions"]!.AsArray(), f => f!["name"]!.GetValue<string>() == name);
        Assert.Contains(poolName, invoked["pools"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal($"http://127.0.0.1:{_server.Port}", invoked["endpoint"]!.GetValue<string>());
        var requestId = invoked["requestId"]!.GetValue<string>();
        Assert.Contains($"{name} RequestId: {requestId} listing pools for compat", _server.Log, StringComparison.Ordinal);

        (await GatehouseAsync("delete", name)).Succeeded();
        Assert.Contains("404", (await GatehouseAsync("invoke", name)).Failed().Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_function_makes_invoke_exit_1_with_Lambdas_error()
    {
        await File.WriteAllTextAsync(Path.Combine(_code, "index.js"), "exports.handler = async () => { throw new TypeError('nope'); };");
        var name = Unique.Name("fails");
        (await GatehouseAsync("put", name, "--runtime", "node", "--code", _code, "--handler", "index.handler", "--timeout", "30")).Succeeded();

        var invoked = (await GatehouseAsync("invoke", name)).Failed();

        Assert.Equal("TypeError", System.Text.Json.Nodes.JsonNode.Parse(invoked.Stdout)!["errorType"]!.GetValue<string>());
        Assert.Contains("the function failed (Unhandled)", invoked.Stderr, StringComparison.Ordinal);
    }
}
