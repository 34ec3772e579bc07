using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>HTTP API route matching as AWS documents it: most specific path first, exact method before ANY, $default last.</summary>
public sealed class HttpApiRouteTableTests
{
    private static HttpApiRouteTable Table(params string[] keys) =>
        new(keys.Select((k, i) => new HttpRoute { RouteId = $"r{i}", RouteKey = k }));

    private static string? Matched(HttpApiRouteTable table, string method, string path) => table.Match(method, path)?.Route.RouteKey;

    [Fact]
    public void AWS_documented_example_picks_the_most_specific_route()
    {
        var table = Table("$default", "ANY /{proxy+}", "GET /pets/{proxy+}", "GET /pets/dog/{id}", "GET /pets/dog/1");

        Assert.Equal("GET /pets/dog/1", Matched(table, "GET", "/pets/dog/1"));
        Assert.Equal("GET /pets/dog/{id}", Matched(table, "GET", "/pets/dog/2"));
        Assert.Equal("GET /pets/{proxy+}", Matched(table, "GET", "/pets/cat/1"));
        Assert.Equal("ANY /{proxy+}", Matched(table, "POST", "/pets/cat/1"));
        Assert.Equal("$default", Matched(table, "GET", "/"));
    }

    [Fact]
    public void Literal_beats_parameter_beats_greedy_segment_by_segment()
    {
        var table = Table("GET /users/{userId}", "GET /users/me", "GET /{proxy+}");

        Assert.Equal("GET /users/me", Matched(table, "GET", "/users/me"));
        Assert.Equal("GET /users/{userId}", Matched(table, "GET", "/users/42"));
        Assert.Equal("GET /{proxy+}", Matched(table, "GET", "/users/42/orders"));
    }

    [Fact]
    public void An_exact_method_beats_ANY_on_the_same_path()
    {
        var table = Table("ANY /items", "DELETE /items");

        Assert.Equal("DELETE /items", Matched(table, "DELETE", "/items"));
        Assert.Equal("ANY /items", Matched(table, "GET", "/items"));
    }

    [Fact]
    public void Path_parameters_are_captured_and_greedy_takes_the_rest()
    {
        var table = Table("GET /users/{userId}/orders/{orderId}", "ANY /files/{proxy+}");

        var match = table.Match("GET", "/users/u1/orders/o-9")!.Value;
        Assert.Equal("u1", match.PathParameters["userId"]);
        Assert.Equal("o-9", match.PathParameters["orderId"]);

        var files = table.Match("PUT", "/files/a/b/c.txt")!.Value;
        Assert.Equal("a/b/c.txt", files.PathParameters["proxy"]);
    }

    [Fact]
    public void Without_a_match_or_default_there_is_no_route()
    {
        var table = Table("GET /users/{userId}", "ANY /files/{proxy+}");

        Assert.Null(table.Match("POST", "/users/1"));
        Assert.Null(table.Match("GET", "/users"));
        Assert.Null(table.Match("GET", "/users/1/extra"));
        Assert.Null(table.Match("GET", "/files"));
        Assert.Null(table.Match("GET", "/Users/1"));
        Assert.Null(table.Match("GET", "/users/"));
    }

    [Fact]
    public void The_root_route_matches_only_the_root()
    {
        var table = Table("GET /", "GET /{proxy+}");

        Assert.Equal("GET /", Matched(table, "GET", "/"));
        Assert.Equal("GET /{proxy+}", Matched(table, "GET", "/a"));
        Assert.Empty(table.Match("GET", "/")!.Value.PathParameters);
    }

    [Fact]
    public void Matching_a_route_without_parameters_allocates_nothing()
    {
        var table = Table("GET /users/{userId}", "GET /health", "ANY /{proxy+}", "$default");
        Assert.NotNull(table.Match("GET", "/health"));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = table.Match("GET", "/health");
            _ = table.Match("POST", "/");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("$default", true)]
    [InlineData("GET /users/{userId}", true)]
    [InlineData("ANY /{proxy+}", true)]
    [InlineData("GET /", true)]
    [InlineData("FETCH /x", false)]
    [InlineData("get /x", false)]
    [InlineData("GET x", false)]
    [InlineData("GET /a//b", false)]
    [InlineData("GET /{proxy+}/more", false)]
    [InlineData("GET /a{b}", false)]
    [InlineData("GET /{}", false)]
    [InlineData("GET /{id}/{id}", false)]
    [InlineData("/users", false)]
    public void Route_keys_are_validated(string key, bool valid) =>
        Assert.Equal(valid, HttpRoutes.RouteKeyError(key) is null);
}
