using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>REST APIs over rest-json: creation defaults, AWS's errors, paging, patch operations.</summary>
public sealed class ApiGatewayRestApiTests : IAsyncLifetime
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
    public async Task Create_answers_201_with_AWS_defaults_and_a_root_resource()
    {
        var api = await _api.CallAsync("POST", "/restapis", new { name = "news", description = "seed 000" }, 201);

        Assert.Matches("^[a-z0-9]{10}$", api["id"]!.GetValue<string>());
        Assert.Matches("^[a-z0-9]{10}$", api["rootResourceId"]!.GetValue<string>());
        Assert.Equal("news", api["name"]!.GetValue<string>());
        Assert.Equal("HEADER", api["apiKeySource"]!.GetValue<string>());
        Assert.Equal("EDGE", api["endpointConfiguration"]!["types"]![0]!.GetValue<string>());
        Assert.Equal("ipv4", api["endpointConfiguration"]!["ipAddressType"]!.GetValue<string>());
        Assert.False(api["disableExecuteApiEndpoint"]!.GetValue<bool>());
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), api["createdDate"]!.GetValue<long>());

        var resources = await _api.CallAsync("GET", $"/restapis/{api["id"]}/resources");
        var root = Assert.Single(resources["item"]!.AsArray())!;
        Assert.Equal("/", root["path"]!.GetValue<string>());
        Assert.Equal(api["rootResourceId"]!.GetValue<string>(), root["id"]!.GetValue<string>());
        Assert.Null(root["parentId"]);
    }

    [Fact]
    public async Task An_unknown_API_is_NotFoundException_naming_account_and_id()
    {
        var message = await _api.FailAsync("GET", "/restapis/nothere123", null, 404, "NotFoundException");
        Assert.Equal("Invalid API identifier specified 123456789012:nothere123", message);
        await _api.FailAsync("DELETE", "/restapis/nothere123", null, 404, "NotFoundException");
        await _api.FailAsync("PATCH", "/restapis/nothere123", Patch(("replace", "/name", "x")), 404, "NotFoundException");
    }

    [Fact]
    public async Task Create_rejects_what_AWS_rejects()
    {
        Assert.Equal("Description cannot be an empty string", await _api.FailAsync("POST", "/restapis", new { name = "a", description = "" }, 400, "BadRequestException"));
        Assert.Equal(
            "Cannot create an api with multiple Endpoint Types.",
            await _api.FailAsync("POST", "/restapis", new { name = "a", endpointConfiguration = new { types = new[] { "EDGE", "REGIONAL" } } }, 400, "BadRequestException"));
        Assert.Equal(
            "1 validation error detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]",
            await _api.FailAsync("POST", "/restapis", new { name = "a", endpointConfiguration = new { types = new[] { "wrong" } } }, 400, "ValidationException"));
        Assert.Equal(
            "Invalid minimum compression size, must be between 0 and 10485760",
            await _api.FailAsync("POST", "/restapis", new { name = "a", minimumCompressionSize = -1 }, 400, "BadRequestException"));
        var rest = await _api.CallAsync("GET", "/restapis");
        Assert.Empty(rest["item"]!.AsArray());
    }

    [Fact]
    public async Task Malformed_JSON_and_wrong_types_are_SerializationException_never_a_500()
    {
        var (status, body, type) = await _api.RawAsync("POST", "/restapis", "{\"name\": ");
        Assert.Equal((400, "SerializationException"), (status, type));
        Assert.NotNull(body!["message"]);

        (status, _, type) = await _api.RawAsync("POST", "/restapis", "{\"name\": \"a\", \"minimumCompressionSize\": \"ten\"}");
        Assert.Equal((400, "SerializationException"), (status, type));

        (status, _, type) = await _api.RawAsync("POST", "/restapis", "[1, 2]");
        Assert.Equal((400, "SerializationException"), (status, type));

        (status, _, type) = await _api.RawAsync("GET", "/restapis?limit=many", null);
        Assert.Equal((400, "SerializationException"), (status, type));
    }

    [Fact]
    public async Task Delete_answers_202_and_the_API_is_gone()
    {
        var (id, _) = await _api.CreateApiAsync();
        await _api.CallAsync("DELETE", $"/restapis/{id}", status: 202);
        await _api.FailAsync("GET", $"/restapis/{id}", null, 404, "NotFoundException");
        await _api.FailAsync("GET", $"/restapis/{id}/resources", null, 404, "NotFoundException");
    }

    [Fact]
    public async Task GetRestApis_pages_with_position_and_limit()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _api.CreateApiAsync($"api{i}")).ApiId);
        }

        var seen = new List<string>();
        string? position = null;
        var pages = 0;
        do
        {
            var page = await _api.CallAsync("GET", "/restapis?limit=2" + (position is null ? "" : $"&position={position}"));
            seen.AddRange(page["item"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
            position = page["position"]?.GetValue<string>();
            pages++;
        }
        while (position is not null);

        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
        Assert.Equal(5, (await _api.CallAsync("GET", "/restapis"))["item"]!.AsArray().Count);
        await _api.FailAsync("GET", "/restapis?position=%21%21", null, 400, "BadRequestException");
        await _api.FailAsync("GET", "/restapis?limit=0", null, 400, "BadRequestException");
    }

    [Fact]
    public async Task Update_applies_AWS_paths_in_order()
    {
        var created = await _api.CallAsync("POST", "/restapis", new { name = "a", description = "d", binaryMediaTypes = new[] { "image/png" } }, 201);
        var id = created["id"]!.GetValue<string>();

        var updated = await _api.CallAsync("PATCH", $"/restapis/{id}", Patch(
            ("replace", "/name", "renamed"),
            ("remove", "/description", null),
            ("add", "/binaryMediaTypes/image~1jpeg", null),
            ("replace", "/binaryMediaTypes/image~1png", "image/gif"),
            ("replace", "/minimumCompressionSize", "1024"),
            ("replace", "/endpointConfiguration/types/EDGE", "REGIONAL")));

        Assert.Equal("renamed", updated["name"]!.GetValue<string>());
        Assert.Null(updated["description"]);
        Assert.Equal(["image/jpeg", "image/gif"], updated["binaryMediaTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(1024, updated["minimumCompressionSize"]!.GetValue<int>());
        Assert.Equal("REGIONAL", updated["endpointConfiguration"]!["types"]![0]!.GetValue<string>());
        Assert.Equal("renamed", (await _api.CallAsync("GET", $"/restapis/{id}"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failing_patch_changes_nothing()
    {
        var (id, _) = await _api.CreateApiAsync("before");
        Assert.Equal(
            "Invalid patch path /notapath",
            await _api.FailAsync("PATCH", $"/restapis/{id}", Patch(("replace", "/name", "after"), ("replace", "/notapath", "x")), 400, "BadRequestException"));
        Assert.Equal("before", (await _api.CallAsync("GET", $"/restapis/{id}"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_errors_are_AWS_s()
    {
        var (id, _) = await _api.CreateApiAsync();
        Assert.Equal(
            "Invalid patch operation specified. Must be one of: [replace]",
            await _api.FailAsync("PATCH", $"/restapis/{id}", Patch(("add", "/minimumCompressionSize", "1")), 400, "BadRequestException"));
        Assert.Equal(
            "2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; " +
            "Value 'bad' at 'updateRestApiInput.patchOperations.2.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
            await _api.FailAsync("PATCH", $"/restapis/{id}", Patch(("wrong", "/name", "x"), ("bad", "/name", "y")), 400, "ValidationException"));
        Assert.Equal("Invalid patch path /binaryMediaTypes", await _api.FailAsync("PATCH", $"/restapis/{id}", Patch(("add", "/binaryMediaTypes", "x")), 400, "BadRequestException"));
        Assert.Equal("Invalid patch path null", await _api.FailAsync("PATCH", $"/restapis/{id}", new { patchOperations = new[] { new { op = "replace" } } }, 400, "BadRequestException"));
        Assert.Equal(
            "Only dualstack ipAddressType is supported for Private APIs.",
            await _api.FailAsync("PATCH", $"/restapis/{id}", Patch(("replace", "/endpointConfiguration/types/0", "PRIVATE"), ("replace", "/endpointConfiguration/ipAddressType", "ipv4")), 400, "BadRequestException"));
    }

    [Fact]
    public async Task Copy_and_move_take_a_JSON_pointer_source()
    {
        var created = await _api.CallAsync("POST", "/restapis", new { name = "n", description = "d" }, 201);
        var id = created["id"]!.GetValue<string>();
        var copied = await _api.CallAsync("PATCH", $"/restapis/{id}", new { patchOperations = new[] { new { op = "copy", from = "/description", path = "/name" } } });
        Assert.Equal(("d", "d"), (copied["name"]!.GetValue<string>(), copied["description"]!.GetValue<string>()));

        var moved = await _api.CallAsync("PATCH", $"/restapis/{id}", new { patchOperations = new[] { new { op = "move", from = "/description", path = "/version" } } });
        Assert.Equal("d", moved["version"]!.GetValue<string>());
        Assert.Null(moved["description"]);
    }

    [Fact]
    public async Task Clone_copies_the_tree_methods_and_authorizers_under_new_ids()
    {
        var (id, root) = await _api.CreateApiAsync("original");
        var news = await _api.CreateResourceAsync(id, root, "news");
        var authorizer = await _api.CreateCognitoAuthorizerAsync(id);
        await _api.PutMockMethodAsync(id, news, "DELETE", new { authorizationType = "COGNITO_USER_POOLS", authorizerId = authorizer });

        var clone = await _api.CallAsync("POST", "/restapis", new { name = "copy", cloneFrom = id }, 201);
        var cloneId = clone["id"]!.GetValue<string>();
        var resources = await _api.CallAsync("GET", $"/restapis/{cloneId}/resources?embed=methods");
        var clonedNews = resources["item"]!.AsArray().Single(r => r!["path"]!.GetValue<string>() == "/news")!;
        Assert.NotEqual(news, clonedNews["id"]!.GetValue<string>());
        var clonedAuthorizer = clonedNews["resourceMethods"]!["DELETE"]!["authorizerId"]!.GetValue<string>();
        Assert.NotEqual(authorizer, clonedAuthorizer);
        Assert.Equal("pool", (await _api.CallAsync("GET", $"/restapis/{cloneId}/authorizers/{clonedAuthorizer}"))["name"]!.GetValue<string>());
        await _api.FailAsync("POST", "/restapis", new { name = "x", cloneFrom = "nothere" }, 404, "NotFoundException");
    }
}
