using System.Text.Json.Nodes;
using Gatehouse.Core.Gateway.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>API keys over rest-json: creation defaults, values, listing filters, patches, deletion, AWS's errors.</summary>
public sealed class ApiGatewayApiKeyTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Create_answers_201_with_a_generated_value_and_AWS_defaults()
    {
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "partner", description = "d", customerId = "c-1", tags = new { team = "x" } }, 201);

        Assert.Matches("^[a-z0-9]{10}$", Text(key, "id"));
        Assert.Matches("^[A-Za-z0-9]{40}$", Text(key, "value"));
        Assert.Equal("partner", Text(key, "name"));
        Assert.Equal("c-1", Text(key, "customerId"));
        Assert.False(key["enabled"]!.GetValue<bool>());
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), key["createdDate"]!.GetValue<long>());
        Assert.Equal(key["createdDate"]!.GetValue<long>(), key["lastUpdatedDate"]!.GetValue<long>());
        Assert.Equal("x", Text(key["tags"]!, "team"));

        var fetched = await _api.CallAsync("GET", $"/apikeys/{Text(key, "id")}");
        Assert.Null(fetched["value"]);
        Assert.Equal("partner", Text(fetched, "name"));
        var withValue = await _api.CallAsync("GET", $"/apikeys/{Text(key, "id")}?includeValue=true");
        Assert.Equal(Text(key, "value"), Text(withValue, "value"));
    }

    [Fact]
    public async Task A_given_value_must_have_20_characters_and_be_unique()
    {
        var value = "abcdefghij0123456789";
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "a", value, enabled = true }, 201);
        Assert.Equal(value, Text(key, "value"));
        Assert.True(key["enabled"]!.GetValue<bool>());

        Assert.Equal("API Key value should be at least 20 characters", await _api.FailAsync("POST", "/apikeys", new { value = "short" }, 400, "BadRequestException"));
        Assert.Equal("API Key already exists", await _api.FailAsync("POST", "/apikeys", new { name = "b", value }, 409, "ConflictException"));
        Assert.Single((await _api.CallAsync("GET", "/apikeys"))["item"]!.AsArray());
    }

    [Fact]
    public async Task Stage_keys_must_name_existing_stages()
    {
        var (apiId, _) = await DeployedApiAsync();
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "a", stageKeys = new[] { new { restApiId = apiId, stageName = "prod" } } }, 201);
        Assert.Equal($"{apiId}/prod", key["stageKeys"]![0]!.GetValue<string>());

        Assert.Equal(
            "Invalid API identifier specified 123456789012:nothere123",
            await _api.FailAsync("POST", "/apikeys", new { stageKeys = new[] { new { restApiId = "nothere123", stageName = "prod" } } }, 404, "NotFoundException"));
        Assert.Equal(
            "Invalid Stage identifier specified",
            await _api.FailAsync("POST", "/apikeys", new { stageKeys = new[] { new { restApiId = apiId, stageName = "nope" } } }, 404, "NotFoundException"));
    }

    [Fact]
    public async Task Lists_filter_by_name_prefix_and_customer_and_page()
    {
        for (var i = 0; i < 5; i++)
        {
            await _api.CallAsync("POST", "/apikeys", new { name = i < 3 ? $"team-{i}" : $"other-{i}", customerId = i % 2 == 0 ? "even" : "odd" }, 201);
        }

        var all = await _api.CallAsync("GET", "/apikeys");
        Assert.Equal(5, all["item"]!.AsArray().Count);
        Assert.All(all["item"]!.AsArray(), k => Assert.Null(k!["value"]));
        Assert.All((await _api.CallAsync("GET", "/apikeys?includeValues=true"))["item"]!.AsArray(), k => Assert.NotNull(k!["value"]));
        Assert.Equal(3, (await _api.CallAsync("GET", "/apikeys?name=team"))["item"]!.AsArray().Count);
        Assert.Equal(2, (await _api.CallAsync("GET", "/apikeys?name=team&customerId=even"))["item"]!.AsArray().Count);

        var first = await _api.CallAsync("GET", "/apikeys?limit=2");
        Assert.Equal(2, first["item"]!.AsArray().Count);
        var ids = first["item"]!.AsArray().Select(k => Text(k!, "id")).ToList();
        var position = Text(first, "position");
        while (position is not null)
        {
            var page = await _api.CallAsync("GET", $"/apikeys?limit=2&position={position}");
            ids.AddRange(page["item"]!.AsArray().Select(k => Text(k!, "id")));
            position = page["position"]?.GetValue<string>();
        }

        Assert.Equal(all["item"]!.AsArray().Select(k => Text(k!, "id")), ids);
    }

    [Fact]
    public async Task Update_patches_AWS_paths_and_rejects_others()
    {
        var (apiId, _) = await DeployedApiAsync();
        var id = Text(await _api.CallAsync("POST", "/apikeys", new { name = "a" }, 201), "id");
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(1));

        var updated = await _api.CallAsync("PATCH", $"/apikeys/{id}", Patch(
            ("replace", "/name", "renamed"), ("replace", "/description", "desc"), ("replace", "/enabled", "true"),
            ("replace", "/customerId", "cust"), ("add", "/stages", $"{apiId}/prod")));
        Assert.Equal("renamed", Text(updated, "name"));
        Assert.Equal("desc", Text(updated, "description"));
        Assert.True(updated["enabled"]!.GetValue<bool>());
        Assert.Equal("cust", Text(updated, "customerId"));
        Assert.Equal($"{apiId}/prod", updated["stageKeys"]![0]!.GetValue<string>());
        Assert.Null(updated["value"]);
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), updated["lastUpdatedDate"]!.GetValue<long>());

        updated = await _api.CallAsync("PATCH", $"/apikeys/{id}", Patch(("remove", "/stages", $"{apiId}/prod")));
        Assert.Empty(updated["stageKeys"]!.AsArray());

        Assert.Equal("Invalid patch path /value", await _api.FailAsync("PATCH", $"/apikeys/{id}", Patch(("replace", "/value", "x")), 400, "BadRequestException"));
        await _api.FailAsync("PATCH", $"/apikeys/{id}", Patch(("add", "/name", "x")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/apikeys/{id}", Patch(("add", "/stages", "nostage")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/apikeys/{id}", Patch(("add", "/stages", $"{apiId}/nope")), 404, "NotFoundException");
        await _api.FailAsync("PATCH", $"/apikeys/{id}", Patch(("jump", "/name", "x")), 400, "ValidationException");

        // Nothing of the failed calls stuck.
        var now = await _api.CallAsync("GET", $"/apikeys/{id}");
        Assert.Equal("renamed", Text(now, "name"));
        Assert.Empty(now["stageKeys"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_keys_are_NotFoundException()
    {
        Assert.Equal("Invalid API Key identifier specified", await _api.FailAsync("GET", "/apikeys/nothere123", null, 404, "NotFoundException"));
        Assert.Equal("Invalid API Key identifier specified", await _api.FailAsync("PATCH", "/apikeys/nothere123", Patch(("replace", "/name", "x")), 404, "NotFoundException"));
        Assert.Equal("Invalid API Key identifier specified", await _api.FailAsync("DELETE", "/apikeys/nothere123", null, 404, "NotFoundException"));
    }

    [Fact]
    public async Task Delete_answers_202_and_takes_the_key_out_of_its_plans()
    {
        var (apiId, _) = await DeployedApiAsync();
        var key = await _api.CallAsync("POST", "/apikeys", new { name = "a", enabled = true }, 201);
        var plan = await _api.CallAsync("POST", "/usageplans", new { name = "p", apiStages = new[] { new { apiId, stage = "prod" } } }, 201);
        await _api.CallAsync("POST", $"/usageplans/{Text(plan, "id")}/keys", new { keyId = Text(key, "id"), keyType = "API_KEY" }, 201);
        var gate = _gatehouse.Services.GetRequiredService<ApiKeyGate>();
        Assert.True((await gate.CheckAsync(Text(key, "value"), apiId, "prod", "/", "GET", default)).Allowed);

        await _api.CallAsync("DELETE", $"/apikeys/{Text(key, "id")}", status: 202);

        await _api.FailAsync("GET", $"/apikeys/{Text(key, "id")}", null, 404, "NotFoundException");
        Assert.Empty((await _api.CallAsync("GET", $"/usageplans/{Text(plan, "id")}/keys"))["item"]!.AsArray());
        Assert.Equal(ApiKeyDecision.Forbidden, await gate.CheckAsync(Text(key, "value"), apiId, "prod", "/", "GET", default));
    }

    [Fact]
    public async Task Malformed_JSON_and_wrong_types_are_400_never_500()
    {
        foreach (var body in new[] { "{\"name\": ", "[1]", "{\"enabled\": \"yes\"}", "{\"stageKeys\": {\"a\": 1}}", "{\"tags\": {\"a\": 1}}", "{\"stageKeys\": [null]}", "{\"tags\": {\"a\": null}}" })
        {
            var (status, json, type) = await _api.RawAsync("POST", "/apikeys", body);
            Assert.True(status == 400 && type is "SerializationException" or "ValidationException", $"{body}: {status} {type}");
            Assert.NotNull(json!["message"]);
        }

        var id = Text(await _api.CallAsync("POST", "/apikeys", new { name = "a" }, 201), "id");
        foreach (var body in new[] { "{\"patchOperations\": 1}", "{\"patchOperations\": [1]}", "{\"patchOperations\": [null]}", "{\"patchOperations\": [{\"op\": \"replace\", \"path\": null}]}" })
        {
            var (status, _, type) = await _api.RawAsync("PATCH", $"/apikeys/{id}", body);
            Assert.True(status == 400, $"{body}: {status} {type}");
        }

        var (s, _, t) = await _api.RawAsync("GET", "/apikeys?limit=x", null);
        Assert.Equal((400, "SerializationException"), (s, t));
        (s, _, t) = await _api.RawAsync("GET", "/apikeys?position=%%%", null);
        Assert.Equal(400, s);
    }

    private async Task<(string ApiId, string RootId)> DeployedApiAsync()
    {
        var (apiId, root) = await _api.CreateApiAsync();
        await _api.PutMockMethodAsync(apiId, root, "GET");
        await _api.CallAsync("POST", $"/restapis/{apiId}/deployments", new { stageName = "prod" }, 201);
        return (apiId, root);
    }

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();
}
