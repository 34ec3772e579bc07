namespace Gatehouse.Server.Tests;

/// <summary>Resource servers: the CRUD actions, their model limits, and AWS's errors for duplicates and unknowns.</summary>
public sealed class ResourceServerTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private string _poolId = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        var pool = await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "rs" });
        _poolId = pool["UserPool"]!["Id"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private static object[] ProductScopes() =>
    [
        new { ScopeName = "read_product", ScopeDescription = "Read" },
        new { ScopeName = "create_product", ScopeDescription = "Create" },
    ];

    [Fact]
    public async Task Create_then_describe_returns_the_server()
    {
        var created = await _gatehouse.CallAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "product-api", Name = "Products", Scopes = ProductScopes() });
        Assert.Equal("product-api", created["ResourceServer"]!["Identifier"]!.GetValue<string>());
        Assert.Equal(_poolId, created["ResourceServer"]!["UserPoolId"]!.GetValue<string>());

        var described = await _gatehouse.CallAsync("DescribeResourceServer", new { UserPoolId = _poolId, Identifier = "product-api" });
        var server = described["ResourceServer"]!;
        Assert.Equal("Products", server["Name"]!.GetValue<string>());
        Assert.Equal(2, server["Scopes"]!.AsArray().Count);
        Assert.Equal("read_product", server["Scopes"]![0]!["ScopeName"]!.GetValue<string>());
        Assert.Equal("Read", server["Scopes"]![0]!["ScopeDescription"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_duplicate_identifier_is_InvalidParameterException()
    {
        await _gatehouse.CallAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "dup", Name = "One" });
        await _gatehouse.FailAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "dup", Name = "Two" }, "InvalidParameterException");
    }

    [Fact]
    public async Task Unknown_servers_and_pools_are_ResourceNotFoundException()
    {
        await _gatehouse.FailAsync("DescribeResourceServer", new { UserPoolId = _poolId, Identifier = "nope" }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("UpdateResourceServer", new { UserPoolId = _poolId, Identifier = "nope", Name = "x" }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("DeleteResourceServer", new { UserPoolId = _poolId, Identifier = "nope" }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("CreateResourceServer", new { UserPoolId = "us-east-1_missing", Identifier = "a", Name = "a" }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Model_violations_are_InvalidParameterException()
    {
        await _gatehouse.FailAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "", Name = "a" }, "InvalidParameterException");
        await _gatehouse.FailAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = new string('a', 257), Name = "a" }, "InvalidParameterException");
        await _gatehouse.FailAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "a" }, "InvalidParameterException");
        await _gatehouse.FailAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "a b", Name = "a" }, "InvalidParameterException");
        await _gatehouse.FailAsync(
            "CreateResourceServer", new { UserPoolId = _poolId, Identifier = "a", Name = "a", Scopes = new[] { new { ScopeName = "a/b", ScopeDescription = "d" } } },
            "InvalidParameterException");
        var tooMany = Enumerable.Range(0, 101).Select(i => new { ScopeName = $"s{i}", ScopeDescription = "d" }).ToArray();
        await _gatehouse.FailAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "a", Name = "a", Scopes = tooMany }, "InvalidParameterException");
    }

    [Fact]
    public async Task Update_replaces_the_name_and_scopes()
    {
        await _gatehouse.CallAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "upd", Name = "Old", Scopes = ProductScopes() });
        var updated = await _gatehouse.CallAsync(
            "UpdateResourceServer", new { UserPoolId = _poolId, Identifier = "upd", Name = "New", Scopes = new[] { new { ScopeName = "only", ScopeDescription = "d" } } });
        Assert.Equal("New", updated["ResourceServer"]!["Name"]!.GetValue<string>());

        var described = await _gatehouse.CallAsync("DescribeResourceServer", new { UserPoolId = _poolId, Identifier = "upd" });
        Assert.Equal("only", Assert.Single(described["ResourceServer"]!["Scopes"]!.AsArray())!["ScopeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_removes_the_server()
    {
        await _gatehouse.CallAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "gone", Name = "Gone" });
        await _gatehouse.CallAsync("DeleteResourceServer", new { UserPoolId = _poolId, Identifier = "gone" });
        await _gatehouse.FailAsync("DescribeResourceServer", new { UserPoolId = _poolId, Identifier = "gone" }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task List_pages_with_MaxResults_and_NextToken()
    {
        foreach (var name in new[] { "c", "a", "b" })
        {
            await _gatehouse.CallAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "list-" + name, Name = name });
        }

        var first = await _gatehouse.CallAsync("ListResourceServers", new { UserPoolId = _poolId, MaxResults = 2 });
        var second = await _gatehouse.CallAsync("ListResourceServers", new { UserPoolId = _poolId, MaxResults = 2, NextToken = first["NextToken"]!.GetValue<string>() });
        var identifiers = first["ResourceServers"]!.AsArray().Concat(second["ResourceServers"]!.AsArray())
            .Select(s => s!["Identifier"]!.GetValue<string>()).Where(i => i.StartsWith("list-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["list-a", "list-b", "list-c"], identifiers);
        Assert.Null(second["NextToken"]);

        await _gatehouse.FailAsync("ListResourceServers", new { UserPoolId = _poolId, MaxResults = 51 }, "InvalidParameterException");
        await _gatehouse.FailAsync("ListResourceServers", new { UserPoolId = _poolId, MaxResults = 0 }, "InvalidParameterException");
        await _gatehouse.FailAsync("ListResourceServers", new { UserPoolId = _poolId, NextToken = "!!!" }, "InvalidParameterException");
    }

    [Fact]
    public async Task Client_scopes_must_be_standard_or_a_resource_servers()
    {
        await _gatehouse.CallAsync("CreateResourceServer", new { UserPoolId = _poolId, Identifier = "scoped-api", Name = "Api", Scopes = ProductScopes() });
        object Client(params string[] scopes) => new
        {
            UserPoolId = _poolId,
            ClientName = "oauth",
            GenerateSecret = true,
            AllowedOAuthFlows = new[] { "client_credentials" },
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthScopes = scopes,
        };

        var created = await _gatehouse.CallAsync("CreateUserPoolClient", Client("scoped-api/read_product", "scoped-api/create_product"));
        Assert.Equal(2, created["UserPoolClient"]!["AllowedOAuthScopes"]!.AsArray().Count);

        var error = await _gatehouse.FailAsync("CreateUserPoolClient", Client("scoped-api/delete_product"), "ScopeDoesNotExistException");
        Assert.Equal("Invalid scope requested: scoped-api/delete_product", error.AwsMessage);
        await _gatehouse.FailAsync("CreateUserPoolClient", Client("other-api/read_product"), "ScopeDoesNotExistException");
        await _gatehouse.FailAsync("CreateUserPoolClient", Client("Cognito"), "ScopeDoesNotExistException");

        var noSecret = new
        {
            UserPoolId = _poolId,
            ClientName = "public",
            AllowedOAuthFlows = new[] { "client_credentials" },
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthScopes = new[] { "scoped-api/read_product" },
        };
        await _gatehouse.FailAsync("CreateUserPoolClient", noSecret, "InvalidOAuthFlowException");

        var clientId = created["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        await _gatehouse.FailAsync(
            "UpdateUserPoolClient",
            new { UserPoolId = _poolId, ClientId = clientId, AllowedOAuthFlows = new[] { "client_credentials" }, AllowedOAuthFlowsUserPoolClient = true, AllowedOAuthScopes = new[] { "nope/x" } },
            "ScopeDoesNotExistException");
        var codeClient = new
        {
            UserPoolId = _poolId,
            ClientName = "web",
            AllowedOAuthFlows = new[] { "code" },
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthScopes = new[] { "openid", "email", "phone", "profile", "aws.cognito.signin.user.admin" },
            CallbackURLs = new[] { "https://example.com/cb" },
        };
        await _gatehouse.CallAsync("CreateUserPoolClient", codeClient);
    }
}
