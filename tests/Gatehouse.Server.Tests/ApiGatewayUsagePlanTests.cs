using System.Text.Json.Nodes;
using Gatehouse.Core.Gateway.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>Usage plans and usage plan keys over rest-json, and the gateway's key index following them.</summary>
public sealed class ApiGatewayUsagePlanTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private string _apiId = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        string root;
        (_apiId, root) = await _api.CreateApiAsync();
        await _api.PutMockMethodAsync(_apiId, root, "GET");
        await _api.CallAsync("POST", $"/restapis/{_apiId}/deployments", new { stageName = "prod" }, 201);
        await _api.CallAsync("POST", $"/restapis/{_apiId}/deployments", new { stageName = "dev" }, 201);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private ApiKeyGate Gate => _gatehouse.Services.GetRequiredService<ApiKeyGate>();

    [Fact]
    public async Task Create_answers_201_with_the_plan_and_Get_returns_it()
    {
        var plan = await _api.CallAsync("POST", "/usageplans", new
        {
            name = "basic",
            description = "for partners",
            apiStages = new[] { new { apiId = _apiId, stage = "prod", throttle = new Dictionary<string, object> { ["/news/GET"] = new { burstLimit = 5, rateLimit = 2.5 } } } },
            throttle = new { burstLimit = 10, rateLimit = 5.0 },
            quota = new { limit = 1000, offset = 1, period = "WEEK" },
            tags = new { team = "x" },
        }, 201);

        Assert.Matches("^[a-z0-9]{6}$", Text(plan, "id"));
        Assert.Equal("basic", Text(plan, "name"));
        Assert.Equal(_apiId, Text(plan["apiStages"]![0]!, "apiId"));
        Assert.Equal(2.5, plan["apiStages"]![0]!["throttle"]!["/news/GET"]!["rateLimit"]!.GetValue<double>());
        Assert.Equal(10, plan["throttle"]!["burstLimit"]!.GetValue<int>());
        Assert.Equal("WEEK", Text(plan["quota"]!, "period"));
        Assert.Equal(1, plan["quota"]!["offset"]!.GetValue<int>());

        var fetched = await _api.CallAsync("GET", $"/usageplans/{Text(plan, "id")}");
        Assert.Equal(plan.ToJsonString(), fetched.ToJsonString());
        var minimal = await _api.CallAsync("POST", "/usageplans", new { name = "bare" }, 201);
        Assert.Empty(minimal["apiStages"]!.AsArray());
        Assert.Null(minimal["quota"]);
    }

    [Fact]
    public async Task Create_rejects_what_AWS_rejects()
    {
        Assert.Equal(
            "1 validation error detected: Value null at 'createUsagePlanInput.name' failed to satisfy constraint: Member must not be null",
            await _api.FailAsync("POST", "/usageplans", new { description = "x" }, 400, "ValidationException"));
        Assert.Equal(
            "Invalid API identifier specified 123456789012:nothere123",
            await _api.FailAsync("POST", "/usageplans", new { name = "a", apiStages = new[] { new { apiId = "nothere123", stage = "prod" } } }, 404, "NotFoundException"));
        Assert.Equal(
            $"API Stage not found: {_apiId}:nope",
            await _api.FailAsync("POST", "/usageplans", new { name = "a", apiStages = new[] { new { apiId = _apiId, stage = "nope" } } }, 400, "BadRequestException"));
        await _api.FailAsync("POST", "/usageplans", new { name = "a", apiStages = new[] { new { apiId = "", stage = "prod" } } }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/usageplans", new { name = "a", quota = new { limit = 1, period = "YEAR" } }, 400, "ValidationException");
        await _api.FailAsync("POST", "/usageplans", new { name = "a", quota = new { limit = 1 } }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/usageplans", new { name = "a", quota = new { limit = -1, period = "DAY" } }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/usageplans", new { name = "a", quota = new { limit = 1, period = "DAY", offset = 1 } }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/usageplans", new { name = "a", quota = new { limit = 1, period = "WEEK", offset = 7 } }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/usageplans", new { name = "a", quota = new { limit = 1, period = "MONTH", offset = 28 } }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/usageplans", new { name = "a", throttle = new { burstLimit = -1, rateLimit = 1 } }, 400, "BadRequestException");
        await _api.FailAsync(
            "POST", "/usageplans",
            new { name = "a", apiStages = new[] { new { apiId = _apiId, stage = "prod", throttle = new Dictionary<string, object> { ["news"] = new { burstLimit = 1 } } } } },
            400, "BadRequestException");
        Assert.Empty((await _api.CallAsync("GET", "/usageplans"))["item"]!.AsArray());
    }

    [Fact]
    public async Task Update_patches_AWS_paths()
    {
        var id = Text(await _api.CallAsync("POST", "/usageplans", new { name = "a", apiStages = new[] { new { apiId = _apiId, stage = "prod" } } }, 201), "id");

        var plan = await _api.CallAsync("PATCH", $"/usageplans/{id}", Patch(
            ("replace", "/name", "b"), ("replace", "/description", "d"),
            ("replace", "/throttle/burstLimit", "20"), ("replace", "/throttle/rateLimit", "7.5"),
            ("replace", "/quota/limit", "100"), ("replace", "/quota/period", "MONTH"), ("replace", "/quota/offset", "3"),
            ("add", "/apiStages", $"{_apiId}:dev"),
            ("replace", $"/apiStages/{_apiId}:prod/throttle/~1news/GET/rateLimit", "3"),
            ("replace", $"/apiStages/{_apiId}:prod/throttle/~1news/GET/burstLimit", "4")));
        Assert.Equal("b", Text(plan, "name"));
        Assert.Equal("d", Text(plan, "description"));
        Assert.Equal(20, plan["throttle"]!["burstLimit"]!.GetValue<int>());
        Assert.Equal(7.5, plan["throttle"]!["rateLimit"]!.GetValue<double>());
        Assert.Equal("{\"limit\":100,\"offset\":3,\"period\":\"MONTH\"}", plan["quota"]!.ToJsonString());
        Assert.Equal(2, plan["apiStages"]!.AsArray().Count);
        Assert.Equal("{\"burstLimit\":4,\"rateLimit\":3}", plan["apiStages"]![0]!["throttle"]!["/news/GET"]!.ToJsonString());

        plan = await _api.CallAsync("PATCH", $"/usageplans/{id}", Patch(
            ("remove", $"/apiStages/{_apiId}:prod/throttle/~1news/GET", null), ("remove", "/apiStages", $"{_apiId}:dev"),
            ("remove", "/throttle", null), ("remove", "/quota", null)));
        Assert.Single(plan["apiStages"]!.AsArray());
        Assert.Null(plan["apiStages"]![0]!["throttle"]);
        Assert.Null(plan["throttle"]);
        Assert.Null(plan["quota"]);

        Assert.Equal("Invalid patch path /id", await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("replace", "/id", "x")), 400, "BadRequestException"));
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("add", "/apiStages", $"{_apiId}:nope")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("add", "/apiStages", "nothere123:prod")), 404, "NotFoundException");
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("add", "/apiStages", "nocolon")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("remove", "/apiStages", $"{_apiId}:dev")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("replace", "/quota/period", "YEAR")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("replace", "/throttle/burstLimit", "many")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("replace", "/apiStages/other:x/throttle/~1a/GET/rateLimit", "1")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("replace", $"/apiStages/{_apiId}:prod/throttle/~1a/FETCH/rateLimit", "1")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{id}", Patch(("replace", "/name", "")), 400, "BadRequestException");

        var now = await _api.CallAsync("GET", $"/usageplans/{id}");
        Assert.Equal("b", Text(now, "name"));
        Assert.Single(now["apiStages"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_plans_are_NotFoundException()
    {
        foreach (var (method, path) in new[] { ("GET", "/usageplans/nope12"), ("DELETE", "/usageplans/nope12"), ("GET", "/usageplans/nope12/keys"), ("GET", "/usageplans/nope12/keys/abc"), ("DELETE", "/usageplans/nope12/keys/abc"), ("GET", "/usageplans/nope12/usage?startDate=2026-11-01&endDate=2026-11-02") })
        {
            Assert.Equal("Invalid Usage Plan ID specified", await _api.FailAsync(method, path, null, 404, "NotFoundException"));
        }

        Assert.Equal("Invalid Usage Plan ID specified", await _api.FailAsync("PATCH", "/usageplans/nope12", Patch(("replace", "/name", "x")), 404, "NotFoundException"));
        Assert.Equal("Invalid Usage Plan ID specified", await _api.FailAsync("POST", "/usageplans/nope12/keys", new { keyId = "x", keyType = "API_KEY" }, 404, "NotFoundException"));
    }

    [Fact]
    public async Task Plan_keys_are_added_listed_fetched_and_removed_and_the_gate_follows()
    {
        var plan = Text(await _api.CallAsync("POST", "/usageplans", new { name = "a", apiStages = new[] { new { apiId = _apiId, stage = "prod" } } }, 201), "id");
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "alpha", enabled = true }, 201);
        var other = await _api.CallAsync("POST", "/apikeys", new { name = "beta", enabled = true }, 201);
        var (keyId, value) = (Text(key, "id"), Text(key, "value"));
        Assert.Equal(ApiKeyDecision.Forbidden, await Gate.CheckAsync(value, _apiId, "prod", "/", "GET", default));

        var planKey = await _api.CallAsync("POST", $"/usageplans/{plan}/keys", new { keyId, keyType = "API_KEY" }, 201);
        Assert.Equal(new JsonObject { ["id"] = keyId, ["type"] = "API_KEY", ["value"] = value, ["name"] = "alpha" }.ToJsonString(), planKey.ToJsonString());
        await _api.CallAsync("POST", $"/usageplans/{plan}/keys", new { keyId = Text(other, "id"), keyType = "API_KEY" }, 201);
        Assert.True((await Gate.CheckAsync(value, _apiId, "prod", "/", "GET", default)).Allowed);
        Assert.Equal(ApiKeyDecision.Forbidden, await Gate.CheckAsync(value, _apiId, "dev", "/", "GET", default));

        Assert.Equal(planKey.ToJsonString(), (await _api.CallAsync("GET", $"/usageplans/{plan}/keys/{keyId}")).ToJsonString());
        Assert.Equal(2, (await _api.CallAsync("GET", $"/usageplans/{plan}/keys"))["item"]!.AsArray().Count);
        Assert.Equal("beta", Text((await _api.CallAsync("GET", $"/usageplans/{plan}/keys?name=be"))["item"]![0]!, "name"));
        Assert.Equal(plan, Text((await _api.CallAsync("GET", $"/usageplans?keyId={keyId}"))["item"]![0]!, "id"));

        await _api.FailAsync("POST", $"/usageplans/{plan}/keys", new { keyId, keyType = "API_KEY" }, 409, "ConflictException");
        Assert.Equal("Invalid API Key identifier specified", await _api.FailAsync("POST", $"/usageplans/{plan}/keys", new { keyId = "nothere123", keyType = "API_KEY" }, 404, "NotFoundException"));
        await _api.FailAsync("POST", $"/usageplans/{plan}/keys", new { keyId, keyType = "OTHER" }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/usageplans/{plan}/keys", new { keyType = "API_KEY" }, 400, "ValidationException");

        // A key may not be in two plans covering the same stage.
        var second = Text(await _api.CallAsync("POST", "/usageplans", new { name = "b", apiStages = new[] { new { apiId = _apiId, stage = "prod" } } }, 201), "id");
        await _api.FailAsync("POST", $"/usageplans/{second}/keys", new { keyId, keyType = "API_KEY" }, 400, "BadRequestException");

        await _api.CallAsync("DELETE", $"/usageplans/{plan}/keys/{keyId}", status: 202);
        await _api.FailAsync("GET", $"/usageplans/{plan}/keys/{keyId}", null, 404, "NotFoundException");
        await _api.FailAsync("DELETE", $"/usageplans/{plan}/keys/{keyId}", null, 404, "NotFoundException");
        Assert.Equal(ApiKeyDecision.Forbidden, await Gate.CheckAsync(value, _apiId, "prod", "/", "GET", default));
        Assert.Empty((await _api.CallAsync("GET", $"/usageplans?keyId={keyId}"))["item"]!.AsArray());
    }

    [Fact]
    public async Task Disabling_a_key_or_deleting_its_plan_closes_the_gate()
    {
        var plan = Text(await _api.CallAsync("POST", "/usageplans", new { name = "a", apiStages = new[] { new { apiId = _apiId, stage = "prod" } } }, 201), "id");
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "alpha", enabled = true }, 201);
        await _api.CallAsync("POST", $"/usageplans/{plan}/keys", new { keyId = Text(key, "id"), keyType = "API_KEY" }, 201);
        Assert.True((await Gate.CheckAsync(Text(key, "value"), _apiId, "prod", "/", "GET", default)).Allowed);

        await _api.CallAsync("PATCH", $"/apikeys/{Text(key, "id")}", Patch(("replace", "/enabled", "false")));
        Assert.Equal(ApiKeyDecision.Forbidden, await Gate.CheckAsync(Text(key, "value"), _apiId, "prod", "/", "GET", default));
        await _api.CallAsync("PATCH", $"/apikeys/{Text(key, "id")}", Patch(("replace", "/enabled", "true")));
        Assert.True((await Gate.CheckAsync(Text(key, "value"), _apiId, "prod", "/", "GET", default)).Allowed);

        await _api.CallAsync("DELETE", $"/usageplans/{plan}", status: 202);
        await _api.FailAsync("GET", $"/usageplans/{plan}", null, 404, "NotFoundException");
        Assert.Equal(ApiKeyDecision.Forbidden, await Gate.CheckAsync(Text(key, "value"), _apiId, "prod", "/", "GET", default));
    }

    [Fact]
    public async Task Usage_reports_each_key_per_day_from_the_gateway_counters()
    {
        var plan = Text(await _api.CallAsync("POST", "/usageplans", new { name = "a", apiStages = new[] { new { apiId = _apiId, stage = "prod" } }, quota = new { limit = 10, period = "DAY" } }, 201), "id");
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "alpha", enabled = true }, 201);
        await _api.CallAsync("POST", $"/usageplans/{plan}/keys", new { keyId = Text(key, "id"), keyType = "API_KEY" }, 201);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Gate.CheckAsync(Text(key, "value"), _apiId, "prod", "/", "GET", default)).Allowed);
        }

        var usage = await _api.CallAsync("GET", $"/usageplans/{plan}/usage?startDate=2026-11-21&endDate=2026-11-22");
        Assert.Equal(plan, Text(usage, "usagePlanId"));
        Assert.Equal("2026-11-21", Text(usage, "startDate"));
        Assert.Equal("[[0,10],[3,7]]", usage["values"]![Text(key, "id")]!.ToJsonString());
        Assert.Empty((await _api.CallAsync("GET", $"/usageplans/{plan}/usage?startDate=2026-11-21&endDate=2026-11-22&keyId=other"))["values"]!.AsObject());

        await _api.FailAsync("GET", $"/usageplans/{plan}/usage?endDate=2026-11-22", null, 400, "BadRequestException");
        await _api.FailAsync("GET", $"/usageplans/{plan}/usage?startDate=22-11-2026&endDate=2026-11-22", null, 400, "BadRequestException");
        await _api.FailAsync("GET", $"/usageplans/{plan}/usage?startDate=2026-11-22&endDate=2026-11-21", null, 400, "BadRequestException");
        await _api.FailAsync("GET", $"/usageplans/{plan}/usage?startDate=2026-01-01&endDate=2026-11-21", null, 400, "BadRequestException");
    }

    [Fact]
    public async Task UpdateUsage_grants_quota_for_the_current_period()
    {
        var plan = Text(await _api.CallAsync("POST", "/usageplans", new { name = "a", apiStages = new[] { new { apiId = _apiId, stage = "prod" } }, quota = new { limit = 1, period = "DAY" } }, 201), "id");
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "alpha", enabled = true }, 201);
        var (keyId, value) = (Text(key, "id"), Text(key, "value"));
        await _api.CallAsync("POST", $"/usageplans/{plan}/keys", new { keyId, keyType = "API_KEY" }, 201);
        Assert.True((await Gate.CheckAsync(value, _apiId, "prod", "/", "GET", default)).Allowed);
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await Gate.CheckAsync(value, _apiId, "prod", "/", "GET", default));

        var usage = await _api.CallAsync("PATCH", $"/usageplans/{plan}/keys/{keyId}/usage", Patch(("replace", "/remaining", "2")));
        Assert.Equal("2026-11-22", Text(usage, "startDate"));
        Assert.Equal("[[1,2]]", usage["values"]![keyId]!.ToJsonString());
        Assert.True((await Gate.CheckAsync(value, _apiId, "prod", "/", "GET", default)).Allowed);
        Assert.True((await Gate.CheckAsync(value, _apiId, "prod", "/", "GET", default)).Allowed);
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await Gate.CheckAsync(value, _apiId, "prod", "/", "GET", default));

        Assert.Equal("Invalid patch path /used", await _api.FailAsync("PATCH", $"/usageplans/{plan}/keys/{keyId}/usage", Patch(("replace", "/used", "2")), 400, "BadRequestException"));
        await _api.FailAsync("PATCH", $"/usageplans/{plan}/keys/{keyId}/usage", Patch(("add", "/remaining", "2")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{plan}/keys/{keyId}/usage", Patch(("replace", "/remaining", "-1")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{plan}/keys/{keyId}/usage", Patch(("replace", "/remaining", "lots")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/usageplans/{plan}/keys/{keyId}/usage", Patch(), 400, "BadRequestException");
        Assert.Equal("Invalid API Key identifier specified", await _api.FailAsync("PATCH", $"/usageplans/{plan}/keys/nothere123/usage", Patch(("replace", "/remaining", "2")), 404, "NotFoundException"));
        await _api.FailAsync("PATCH", $"/usageplans/nope12/keys/{keyId}/usage", Patch(("replace", "/remaining", "2")), 404, "NotFoundException");

        var bare = Text(await _api.CallAsync("POST", "/usageplans", new { name = "bare" }, 201), "id");
        await _api.CallAsync("POST", $"/usageplans/{bare}/keys", new { keyId, keyType = "API_KEY" }, 201);
        await _api.FailAsync("PATCH", $"/usageplans/{bare}/keys/{keyId}/usage", Patch(("replace", "/remaining", "2")), 400, "BadRequestException");
    }

    [Fact]
    public async Task Malformed_JSON_and_wrong_types_are_400_never_500()
    {
        foreach (var body in new[]
        {
            "{\"name\": ", "[]", "{\"name\": 1}", "{\"name\": \"a\", \"apiStages\": {}}", "{\"name\": \"a\", \"apiStages\": [null]}",
            "{\"name\": \"a\", \"throttle\": {\"burstLimit\": 1.5}}", "{\"name\": \"a\", \"quota\": {\"limit\": \"ten\", \"period\": \"DAY\"}}",
            "{\"name\": \"a\", \"apiStages\": [{\"apiId\": \"x\", \"stage\": \"y\", \"throttle\": {\"/a/GET\": null}}]}",
        })
        {
            var (status, json, type) = await _api.RawAsync("POST", "/usageplans", body);
            Assert.True(status == 400 && json?["message"] is not null, $"{body}: {status} {type}");
        }

        var plan = Text(await _api.CallAsync("POST", "/usageplans", new { name = "a" }, 201), "id");
        foreach (var body in new[] { "{\"keyId\": 1, \"keyType\": \"API_KEY\"}", "{", "{\"keyId\": null, \"keyType\": null}" })
        {
            var (status, _, type) = await _api.RawAsync("POST", $"/usageplans/{plan}/keys", body);
            Assert.True(status == 400, $"{body}: {status} {type}");
        }

        foreach (var body in new[] { "{\"patchOperations\": [{\"op\": \"replace\"}]}", "{\"patchOperations\": [{\"op\": \"remove\", \"path\": \"/apiStages\"}]}", "{\"patchOperations\": [{\"op\": \"replace\", \"path\": \"/apiStages/\"}]}" })
        {
            var (status, _, type) = await _api.RawAsync("PATCH", $"/usageplans/{plan}", body);
            Assert.True(status == 400, $"{body}: {status} {type}");
        }
    }

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();
}
