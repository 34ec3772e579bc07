using Gatehouse.Core.Gateway;
using Gatehouse.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>Deployments and stages over rest-json, and the deployed-stage snapshot the gateway loads.</summary>
public sealed class ApiGatewayDeploymentTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";
    private string _root = "";
    private string _news = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        (_id, _root) = await _api.CreateApiAsync();
        _news = await _api.CreateResourceAsync(_id, _root, "news");
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private string Deployments => $"/restapis/{_id}/deployments";

    private string Stages => $"/restapis/{_id}/stages";

    [Fact]
    public async Task Only_an_API_whose_methods_all_have_integrations_deploys()
    {
        Assert.Equal("The REST API doesn't contain any methods", await _api.FailAsync("POST", Deployments, new { stageName = "api" }, 400, "BadRequestException"));
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{_news}/methods/GET", new { authorizationType = "NONE" }, 201);
        Assert.Equal("No integration defined for method", await _api.FailAsync("POST", Deployments, new { stageName = "api" }, 400, "BadRequestException"));
        Assert.Empty((await _api.CallAsync("GET", Stages))["item"]!.AsArray());
        Assert.Empty((await _api.CallAsync("GET", Deployments))["item"]!.AsArray());
    }

    [Fact]
    public async Task CreateDeployment_with_a_stage_name_creates_then_repoints_the_stage()
    {
        await _api.PutMockMethodAsync(_id, _news, "DELETE");
        var first = await _api.CallAsync("POST", Deployments, new { stageName = "api", description = "first", variables = new { backend = "a.example" } }, 201);
        Assert.Matches("^[a-z0-9]{6}$", first["id"]!.GetValue<string>());
        Assert.Equal("first", first["description"]!.GetValue<string>());
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), first["createdDate"]!.GetValue<long>());

        var stage = await _api.CallAsync("GET", $"{Stages}/api");
        Assert.Equal(first["id"]!.GetValue<string>(), stage["deploymentId"]!.GetValue<string>());
        Assert.Equal("a.example", stage["variables"]!["backend"]!.GetValue<string>());
        Assert.Equal("NOT_AVAILABLE", stage["cacheClusterStatus"]!.GetValue<string>());
        Assert.False(stage["tracingEnabled"]!.GetValue<bool>());
        Assert.Equal("{}", stage["methodSettings"]!.ToJsonString());

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _api.CallAsync("POST", Deployments, new { stageName = "api", variables = new { other = "b" } }, 201);
        stage = await _api.CallAsync("GET", $"{Stages}/api");
        Assert.Equal(second["id"]!.GetValue<string>(), stage["deploymentId"]!.GetValue<string>());
        Assert.Equal(2, stage["variables"]!.AsObject().Count);
        Assert.True(stage["lastUpdatedDate"]!.GetValue<long>() > stage["createdDate"]!.GetValue<long>());

        var all = await _api.CallAsync("GET", Deployments);
        Assert.Equal([first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>()], all["item"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.Single((await _api.CallAsync("GET", $"{Stages}?deploymentId={second["id"]}"))["item"]!.AsArray());
        Assert.Empty((await _api.CallAsync("GET", $"{Stages}?deploymentId={first["id"]}"))["item"]!.AsArray());
    }

    [Fact]
    public async Task The_snapshot_is_frozen_and_loads_with_its_stage()
    {
        var authorizer = await _api.CreateCognitoAuthorizerAsync(_id);
        await _api.PutMockMethodAsync(_id, _news, "DELETE", new { authorizationType = "COGNITO_USER_POOLS", authorizerId = authorizer, authorizationScopes = new[] { "product-api/delete_product" } });
        var deployment = await _api.CallAsync("POST", Deployments, new { stageName = "api" }, 201);
        await _api.CallAsync("PATCH", $"/restapis/{_id}/resources/{_news}/methods/DELETE", Patch(("replace", "/authorizationType", "NONE")));
        await _api.CallAsync("PATCH", $"{Stages}/api", Patch(("replace", "/*/*/throttling/rateLimit", "10")));

        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(write: false, CancellationToken.None);
        var deployed = await RestApiStore.GetDeployedStageAsync(session, _id, "api", CancellationToken.None);

        Assert.NotNull(deployed);
        Assert.Equal(deployment["id"]!.GetValue<string>(), deployed.Snapshot.Deployment.Id);
        var news = deployed.Snapshot.Resources.Single(r => r.Path == "/news");
        var method = news.ResourceMethods!["DELETE"];
        Assert.Equal("COGNITO_USER_POOLS", method.AuthorizationType);
        Assert.Equal(["product-api/delete_product"], method.AuthorizationScopes!);
        Assert.Equal("MOCK", method.MethodIntegration!.Type);
        Assert.Equal("pool", deployed.Snapshot.Authorizers.Single(a => a.Id == method.AuthorizerId).Name);
        Assert.Equal(10.0, deployed.Stage.MethodSettings!["*/*"].ThrottlingRateLimit);
        Assert.Null(await RestApiStore.GetDeployedStageAsync(session, _id, "nope", CancellationToken.None));

        var summary = await _api.CallAsync("GET", $"{Deployments}/{deployment["id"]}?embed=apisummary");
        Assert.Equal("COGNITO_USER_POOLS", summary["apiSummary"]!["/news"]!["DELETE"]!["authorizationType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deployment_a_stage_uses_cannot_be_deleted()
    {
        await _api.PutMockMethodAsync(_id, _news, "GET");
        var id = (await _api.CallAsync("POST", Deployments, new { stageName = "api" }, 201))["id"]!.GetValue<string>();

        Assert.Equal("Active stages pointing to this deployment must be moved or deleted", await _api.FailAsync("DELETE", $"{Deployments}/{id}", null, 400, "BadRequestException"));
        await _api.CallAsync("DELETE", $"{Stages}/api", status: 202);
        await _api.CallAsync("DELETE", $"{Deployments}/{id}", status: 202);
        Assert.Equal("Invalid Deployment identifier specified", await _api.FailAsync("GET", $"{Deployments}/{id}", null, 404, "NotFoundException"));
        Assert.Equal("Invalid Stage identifier specified", await _api.FailAsync("GET", $"{Stages}/api", null, 404, "NotFoundException"));
    }

    [Fact]
    public async Task CreateStage_points_at_an_existing_deployment_once()
    {
        await _api.PutMockMethodAsync(_id, _news, "GET");
        var id = (await _api.CallAsync("POST", Deployments, new { description = "no stage" }, 201))["id"]!.GetValue<string>();
        Assert.Empty((await _api.CallAsync("GET", Stages))["item"]!.AsArray());

        var stage = await _api.CallAsync("POST", Stages, new { stageName = "dev", deploymentId = id, description = "Development", variables = new { key = "value" } }, 201);
        Assert.Equal("dev", stage["stageName"]!.GetValue<string>());
        Assert.Equal("Development", stage["description"]!.GetValue<string>());
        Assert.Equal("Stage already exists", await _api.FailAsync("POST", Stages, new { stageName = "dev", deploymentId = id }, 409, "ConflictException"));
        Assert.Equal("Invalid Deployment identifier specified", await _api.FailAsync("POST", Stages, new { stageName = "prod", deploymentId = "nothere" }, 404, "NotFoundException"));
        await _api.FailAsync("POST", Stages, new { stageName = "bad name", deploymentId = id }, 400, "BadRequestException");
        await _api.FailAsync("POST", Stages, new { stageName = "vars", deploymentId = id, variables = new Dictionary<string, string> { ["bad-name"] = "x" } }, 400, "BadRequestException");

        var updated = await _api.CallAsync("PATCH", $"{Deployments}/{id}", Patch(("replace", "/description", "renamed")));
        Assert.Equal("renamed", updated["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateStage_edits_variables_and_method_throttling()
    {
        await _api.PutMockMethodAsync(_id, _news, "DELETE");
        await _api.CallAsync("POST", Deployments, new { stageName = "api", variables = new { keep = "1", drop = "2" } }, 201);

        var updated = await _api.CallAsync("PATCH", $"{Stages}/api", Patch(
            ("replace", "/*/*/throttling/rateLimit", "100"),
            ("replace", "/*/*/throttling/burstLimit", "200"),
            ("replace", "/~1news/DELETE/throttling/burstLimit", "5"),
            ("replace", "/~1news/DELETE/logging/loglevel", "info"),
            ("add", "/variables/added", "https://backend.example/path"),
            ("remove", "/variables/drop", null),
            ("replace", "/description", "the api stage"),
            ("replace", "/accessLogSettings/format", "$context.requestId $context.status")));

        var stageWide = updated["methodSettings"]!["*/*"]!;
        Assert.Equal(100.0, stageWide["throttlingRateLimit"]!.GetValue<double>());
        Assert.Equal(200, stageWide["throttlingBurstLimit"]!.GetValue<int>());
        var method = updated["methodSettings"]!["~1news/DELETE"]!;
        Assert.Equal(5, method["throttlingBurstLimit"]!.GetValue<int>());
        Assert.Equal(100.0, method["throttlingRateLimit"]!.GetValue<double>());
        Assert.Equal("INFO", method["loggingLevel"]!.GetValue<string>());
        Assert.Equal("""{"keep":"1","added":"https://backend.example/path"}""", updated["variables"]!.ToJsonString());
        Assert.Equal("the api stage", updated["description"]!.GetValue<string>());
        Assert.Equal("$context.requestId $context.status", updated["accessLogSettings"]!["format"]!.GetValue<string>());

        var removed = await _api.CallAsync("PATCH", $"{Stages}/api", Patch(("remove", "/~1news/DELETE", null), ("remove", "/*/*", null)));
        Assert.Equal("{}", removed["methodSettings"]!.ToJsonString());
    }

    [Fact]
    public async Task UpdateStage_errors_are_AWS_s()
    {
        await _api.PutMockMethodAsync(_id, _news, "DELETE");
        await _api.CallAsync("POST", Deployments, new { stageName = "api" }, 201);
        var path = $"{Stages}/api";

        Assert.StartsWith(
            "Invalid method setting path: /test/GET/throttling/burst. Must be one of: [/deploymentId, /description, /cacheClusterEnabled,",
            await _api.FailAsync("PATCH", path, Patch(("replace", "/test/GET/throttling/burst", "1")), 400, "BadRequestException"));
        Assert.Equal(
            "Cannot remove method setting */* because there is no method setting for this method ",
            await _api.FailAsync("PATCH", path, Patch(("remove", "/*/*", null)), 400, "BadRequestException"));
        Assert.Equal("Invalid throttling rate limit specified: fast", await _api.FailAsync("PATCH", path, Patch(("replace", "/*/*/throttling/rateLimit", "fast")), 400, "BadRequestException"));
        Assert.Equal("Invalid patch operation specified. Must be one of: [replace]", await _api.FailAsync("PATCH", path, Patch(("add", "/*/*/throttling/rateLimit", "1")), 400, "BadRequestException"));
        Assert.Equal("Invalid Deployment identifier specified", await _api.FailAsync("PATCH", path, Patch(("replace", "/deploymentId", "nothere")), 404, "NotFoundException"));
        await _api.FailAsync("PATCH", path, Patch(("add", "/variables/bad-name", "x")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", path, Patch(("replace", "/accessLogSettings/format", "$context.status")), 400, "BadRequestException");
        Assert.Equal("Invalid Stage identifier specified", await _api.FailAsync("PATCH", $"{Stages}/nope", Patch(("replace", "/description", "x")), 404, "NotFoundException"));
        Assert.Equal("{}", (await _api.CallAsync("GET", path))["methodSettings"]!.ToJsonString());
    }
}
