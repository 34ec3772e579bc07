namespace Gatehouse.Compat.Tests;

/// <summary>The real AWS CLI managing API keys, usage plans and usage plan keys: shapes as botocore parses them, and AWS's errors.</summary>
[Trait("Category", "Compat")]
public sealed class ApiGatewayKeysCliTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task A_key_in_a_usage_plan_of_a_deployed_stage()
    {
        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("keys"))).Json()["id"]!.GetValue<string>();
        var rootId = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId)).Json()["items"]![0]!["id"]!.GetValue<string>();
        (await _server.ApiGatewayAsync("put-method", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET", "--authorization-type", "NONE", "--api-key-required")).Json();
        (await _server.ApiGatewayAsync(
            "put-integration", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET", "--type", "MOCK",
            "--request-templates", """{"application/json": "{\"statusCode\": 200}"}""")).Json();
        (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "prod")).Json();

        var name = Unique.Name("partner");
        var key = (await _server.ApiGatewayAsync("create-api-key", "--name", name, "--enabled")).Json();
        var keyId = key["id"]!.GetValue<string>();
        Assert.Equal(40, key["value"]!.GetValue<string>().Length);
        Assert.True(key["enabled"]!.GetValue<bool>());

        var plan = (await _server.ApiGatewayAsync(
            "create-usage-plan", "--name", Unique.Name("basic"), "--api-stages", $"apiId={apiId},stage=prod",
            "--throttle", "burstLimit=10,rateLimit=5", "--quota", "limit=1000,offset=0,period=MONTH")).Json();
        var planId = plan["id"]!.GetValue<string>();
        Assert.Equal(5.0, plan["throttle"]!["rateLimit"]!.GetValue<double>());
        Assert.Equal("MONTH", plan["quota"]!["period"]!.GetValue<string>());

        var planKey = (await _server.ApiGatewayAsync("create-usage-plan-key", "--usage-plan-id", planId, "--key-id", keyId, "--key-type", "API_KEY")).Json();
        Assert.Equal(name, planKey["name"]!.GetValue<string>());
        Assert.Equal(keyId, (await _server.ApiGatewayAsync("get-usage-plan-keys", "--usage-plan-id", planId)).Json()["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(planId, (await _server.ApiGatewayAsync("get-usage-plans", "--key-id", keyId)).Json()["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(key["value"]!.GetValue<string>(), (await _server.ApiGatewayAsync("get-api-key", "--api-key", keyId, "--include-value")).Json()["value"]!.GetValue<string>());

        var updated = (await _server.ApiGatewayAsync(
            "update-usage-plan", "--usage-plan-id", planId,
            "--patch-operations", "op=replace,path=/quota/limit,value=50", $"op=replace,path=/apiStages/{apiId}:prod/throttle/~1/GET/rateLimit,value=2")).Json();
        Assert.Equal(50, updated["quota"]!["limit"]!.GetValue<int>());
        Assert.Equal(2.0, updated["apiStages"]![0]!["throttle"]!["//GET"]!["rateLimit"]!.GetValue<double>());

        var usage = (await _server.ApiGatewayAsync("get-usage", "--usage-plan-id", planId, "--start-date", "2026-01-01", "--end-date", "2026-01-02")).Json();
        Assert.Equal(2, usage["items"]![keyId]!.AsArray().Count);

        (await _server.ApiGatewayAsync("update-api-key", "--api-key", keyId, "--patch-operations", "op=replace,path=/enabled,value=false")).Json();
        Assert.False((await _server.ApiGatewayAsync("get-api-key", "--api-key", keyId)).Json()["enabled"]!.GetValue<bool>());

        (await _server.ApiGatewayAsync("delete-usage-plan-key", "--usage-plan-id", planId, "--key-id", keyId)).Succeeded();
        (await _server.ApiGatewayAsync("delete-api-key", "--api-key", keyId)).Succeeded();
        (await _server.ApiGatewayAsync("delete-usage-plan", "--usage-plan-id", planId)).Succeeded();
    }

    [Fact]
    public async Task Errors_print_as_AWS_s()
    {
        Assert.Contains(
            "(NotFoundException) when calling the GetApiKey operation: Invalid API Key identifier specified",
            (await _server.ApiGatewayAsync("get-api-key", "--api-key", "nothere123")).Failed().Stderr,
            StringComparison.Ordinal);
        Assert.Contains(
            "(NotFoundException) when calling the GetUsagePlan operation: Invalid Usage Plan ID specified",
            (await _server.ApiGatewayAsync("get-usage-plan", "--usage-plan-id", "nope12")).Failed().Stderr,
            StringComparison.Ordinal);
        Assert.Contains(
            "(BadRequestException) when calling the CreateApiKey operation: API Key value should be at least 20 characters",
            (await _server.ApiGatewayAsync("create-api-key", "--name", "short", "--value", "tooshort")).Failed().Stderr,
            StringComparison.Ordinal);
    }
}
