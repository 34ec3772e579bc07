using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>The resource tree over rest-json: path part syntax, sibling rules, greedy parts, moves, cascades, listing.</summary>
public sealed class ApiGatewayResourceTests : IAsyncLifetime
{
    private const string PathPartError =
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.";

    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";
    private string _root = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        (_id, _root) = await _api.CreateApiAsync();
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Create_answers_201_with_the_computed_path()
    {
        var users = await _api.CallAsync("POST", $"/restapis/{_id}/resources/{_root}", new { pathPart = "users" }, 201);
        var user = await _api.CallAsync("POST", $"/restapis/{_id}/resources/{users["id"]}", new { pathPart = "{userId}" }, 201);
        var rest = await _api.CallAsync("POST", $"/restapis/{_id}/resources/{user["id"]}", new { pathPart = "{proxy+}" }, 201);

        Assert.Matches("^[a-z0-9]{6}$", users["id"]!.GetValue<string>());
        Assert.Equal(_root, users["parentId"]!.GetValue<string>());
        Assert.Equal("/users/{userId}", user["path"]!.GetValue<string>());
        Assert.Equal("/users/{userId}/{proxy+}", rest["path"]!.GetValue<string>());
        Assert.Equal("{proxy+}", rest["pathPart"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("{id")]
    [InlineData("{a}{b}")]
    [InlineData("{}")]
    [InlineData("{proxy++}")]
    [InlineData("sp ace")]
    public async Task A_bad_path_part_is_BadRequestException(string pathPart)
    {
        Assert.Equal(PathPartError, await _api.FailAsync("POST", $"/restapis/{_id}/resources/{_root}", new { pathPart }, 400, "BadRequestException"));
    }

    [Fact]
    public async Task Siblings_may_not_share_a_name_nor_both_be_variables()
    {
        await _api.CreateResourceAsync(_id, _root, "news");
        await _api.CreateResourceAsync(_id, _root, "{id}");

        Assert.Equal(
            "Another resource with the same parent already has this name: news",
            await _api.FailAsync("POST", $"/restapis/{_id}/resources/{_root}", new { pathPart = "news" }, 409, "ConflictException"));
        Assert.Equal(
            "A sibling ({id}) of this resource already has a variable path part -- only one is allowed",
            await _api.FailAsync("POST", $"/restapis/{_id}/resources/{_root}", new { pathPart = "{proxy+}" }, 400, "BadRequestException"));
    }

    [Fact]
    public async Task A_greedy_resource_cannot_have_children()
    {
        var proxy = await _api.CreateResourceAsync(_id, _root, "{proxy+}");
        Assert.Equal(
            "Cannot create a child of a resource with a greedy path variable: {proxy+}",
            await _api.FailAsync("POST", $"/restapis/{_id}/resources/{proxy}", new { pathPart = "child" }, 400, "BadRequestException"));

        var parent = await _api.CreateResourceAsync(_id, _root, "parent");
        await _api.CreateResourceAsync(_id, parent, "child");
        await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{parent}", Patch(("replace", "/pathPart", "{rest+}")), 400, "BadRequestException");
    }

    [Fact]
    public async Task Unknown_parents_resources_and_APIs_are_NotFoundException()
    {
        Assert.Equal("Invalid Resource identifier specified", await _api.FailAsync("POST", $"/restapis/{_id}/resources/nothere", new { pathPart = "x" }, 404, "NotFoundException"));
        Assert.Equal("Invalid Resource identifier specified", await _api.FailAsync("GET", $"/restapis/{_id}/resources/nothere", null, 404, "NotFoundException"));
        Assert.Equal("Invalid Resource identifier specified", await _api.FailAsync("GET", $"/restapis/nothere/resources/{_root}", null, 404, "NotFoundException"));
        await _api.FailAsync("DELETE", $"/restapis/{_id}/resources/nothere", null, 404, "NotFoundException");
        Assert.Equal("Invalid API identifier specified 123456789012:nothere", await _api.FailAsync("POST", $"/restapis/nothere/resources/{_root}", new { pathPart = "x" }, 404, "NotFoundException"));
    }

    [Fact]
    public async Task Update_renames_and_moves_and_recomputes_paths_below()
    {
        var pets = await _api.CreateResourceAsync(_id, _root, "pets");
        var sub = await _api.CreateResourceAsync(_id, pets, "subpets");
        var leaf = await _api.CreateResourceAsync(_id, sub, "leaf");

        var renamed = await _api.CallAsync("PATCH", $"/restapis/{_id}/resources/{pets}", Patch(("replace", "/pathPart", "dogs")));
        Assert.Equal("/dogs", renamed["path"]!.GetValue<string>());
        Assert.Equal("/dogs/subpets/leaf", (await _api.CallAsync("GET", $"/restapis/{_id}/resources/{leaf}"))["path"]!.GetValue<string>());

        var moved = await _api.CallAsync("PATCH", $"/restapis/{_id}/resources/{sub}", Patch(("replace", "/parentId", _root)));
        Assert.Equal("/subpets", moved["path"]!.GetValue<string>());
        Assert.Equal("/subpets/leaf", (await _api.CallAsync("GET", $"/restapis/{_id}/resources/{leaf}"))["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_refuses_cycles_root_changes_conflicts_and_unknown_paths()
    {
        var pets = await _api.CreateResourceAsync(_id, _root, "pets");
        var sub = await _api.CreateResourceAsync(_id, pets, "subpets");
        await _api.CreateResourceAsync(_id, sub, "pets");
        await _api.CreateResourceAsync(_id, pets, "cats");

        Assert.Equal("Resources cannot be cyclical.", await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{pets}", Patch(("replace", "/parentId", sub)), 400, "BadRequestException"));
        Assert.Equal("Resources cannot be cyclical.", await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{pets}", Patch(("replace", "/parentId", pets)), 400, "BadRequestException"));
        Assert.Equal(
            "Another resource with the same parent already has this name: cats",
            await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{sub}", Patch(("replace", "/pathPart", "cats")), 409, "ConflictException"));
        Assert.Equal(
            "Another resource with the same parent already has this name: pets",
            await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{sub}", Patch(("replace", "/parentId", _root), ("replace", "/pathPart", "pets")), 409, "ConflictException"));
        Assert.Equal("Root resource cannot update its pathPart.", await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{_root}", Patch(("replace", "/pathPart", "x")), 400, "BadRequestException"));
        Assert.Equal("Root resource cannot update its parentId.", await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{_root}", Patch(("replace", "/parentId", pets)), 400, "BadRequestException"));
        Assert.Equal(
            "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]",
            await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{pets}", Patch(("replace", "/invalid", "x")), 400, "BadRequestException"));
        Assert.Equal(
            "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations",
            await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{pets}", Patch(("remove", "/pathPart", null)), 400, "BadRequestException"));
        Assert.Equal("Invalid Resource identifier specified", await _api.FailAsync("PATCH", $"/restapis/{_id}/resources/{pets}", Patch(("replace", "/parentId", "nothere")), 404, "NotFoundException"));
        Assert.Equal("/pets/subpets", (await _api.CallAsync("GET", $"/restapis/{_id}/resources/{sub}"))["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_takes_the_subtree_and_its_methods_and_never_the_root()
    {
        var news = await _api.CreateResourceAsync(_id, _root, "news");
        var item = await _api.CreateResourceAsync(_id, news, "{id}");
        await _api.PutMockMethodAsync(_id, item, "GET");
        var other = await _api.CreateResourceAsync(_id, _root, "other");

        await _api.CallAsync("DELETE", $"/restapis/{_id}/resources/{news}", status: 202);

        var left = (await _api.CallAsync("GET", $"/restapis/{_id}/resources"))["item"]!.AsArray().Select(r => r!["id"]!.GetValue<string>());
        Assert.Equal([_root, other], left);
        await _api.FailAsync("GET", $"/restapis/{_id}/resources/{item}/methods/GET", null, 404, "NotFoundException");
        Assert.Equal("Cannot delete root resource", await _api.FailAsync("DELETE", $"/restapis/{_id}/resources/{_root}", null, 400, "BadRequestException"));
    }

    [Fact]
    public async Task GetResources_lists_by_path_names_methods_and_embeds_them_on_request()
    {
        var b = await _api.CreateResourceAsync(_id, _root, "b");
        await _api.CreateResourceAsync(_id, _root, "a");
        await _api.CreateResourceAsync(_id, b, "{proxy+}");
        await _api.PutMockMethodAsync(_id, b, "POST");

        var plain = await _api.CallAsync("GET", $"/restapis/{_id}/resources");
        Assert.Equal(["/", "/a", "/b", "/b/{proxy+}"], plain["item"]!.AsArray().Select(r => r!["path"]!.GetValue<string>()));
        var listedB = plain["item"]![2]!;
        Assert.Equal("{}", listedB["resourceMethods"]!["POST"]!.ToJsonString());

        var embedded = await _api.CallAsync("GET", $"/restapis/{_id}/resources?embed=methods");
        Assert.Equal("MOCK", embedded["item"]![2]!["resourceMethods"]!["POST"]!["methodIntegration"]!["type"]!.GetValue<string>());
        var one = await _api.CallAsync("GET", $"/restapis/{_id}/resources/{b}?embed=methods");
        Assert.Equal("NONE", one["resourceMethods"]!["POST"]!["authorizationType"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetResources_pages_through_a_large_tree()
    {
        for (var i = 0; i < 30; i++)
        {
            await _api.CreateResourceAsync(_id, _root, $"r{i:D2}");
        }

        var first = await _api.CallAsync("GET", $"/restapis/{_id}/resources");
        Assert.Equal(25, first["item"]!.AsArray().Count);
        var second = await _api.CallAsync("GET", $"/restapis/{_id}/resources?position={first["position"]}");
        Assert.Equal(6, second["item"]!.AsArray().Count);
        Assert.Null(second["position"]);
        Assert.Equal("/r24", second["item"]![0]!["path"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/restapis/{0}/api/_user_request_/news")]
    [InlineData("/restapis/{0}/resources/_user_request_/")]
    [InlineData("/restapis/{0}/stages/_user_request_")]
    public async Task Management_leaves_the_gateway_s_user_request_paths_to_the_gateway(string template)
    {
        // No stage of that name is deployed, so the gateway, not management, answers.
        var (status, body, type) = await _api.RawAsync("GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _id), null);
        Assert.Equal(403, status);
        Assert.Equal("ForbiddenException", type);
        Assert.Equal("Forbidden", body!["message"]!.GetValue<string>());
    }
}
