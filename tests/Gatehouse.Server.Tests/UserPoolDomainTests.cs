namespace Gatehouse.Server.Tests;

/// <summary>Prefix domains: one per pool, unique across pools, shown in DescribeUserPool.</summary>
public sealed class UserPoolDomainTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private string _poolId = "";
    private string _otherPoolId = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _poolId = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "one" }))["UserPool"]!["Id"]!.GetValue<string>();
        _otherPoolId = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "two" }))["UserPool"]!["Id"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Create_describe_and_the_pools_Domain()
    {
        var created = await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "api-product" });
        Assert.Equal(1, created["ManagedLoginVersion"]!.GetValue<int>());

        var described = (await _gatehouse.CallAsync("DescribeUserPoolDomain", new { Domain = "api-product" }))["DomainDescription"]!;
        Assert.Equal(_poolId, described["UserPoolId"]!.GetValue<string>());
        Assert.Equal("api-product", described["Domain"]!.GetValue<string>());
        Assert.Equal("ACTIVE", described["Status"]!.GetValue<string>());
        Assert.Equal("123456789012", described["AWSAccountId"]!.GetValue<string>());

        var pool = await _gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = _poolId });
        Assert.Equal("api-product", pool["UserPool"]!["Domain"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_domain_describes_as_empty()
    {
        var described = await _gatehouse.CallAsync("DescribeUserPoolDomain", new { Domain = "nobody-here" });
        Assert.Empty(described["DomainDescription"]!.AsObject());
    }

    [Fact]
    public async Task Domains_are_unique_across_pools_and_one_per_pool()
    {
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "taken" });
        var error = await _gatehouse.FailAsync("CreateUserPoolDomain", new { UserPoolId = _otherPoolId, Domain = "taken" }, "InvalidParameterException");
        Assert.Equal("Domain already associated with another user pool.", error.AwsMessage);
        await _gatehouse.FailAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "second" }, "InvalidParameterException");
    }

    [Fact]
    public async Task Bad_names_and_custom_domains_are_refused()
    {
        foreach (var name in new[] { "", "UPPER", "-dash", "dash-", "dots.here", new string('a', 64) })
        {
            await _gatehouse.FailAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = name }, "InvalidParameterException");
        }

        await _gatehouse.FailAsync(
            "CreateUserPoolDomain",
            new { UserPoolId = _poolId, Domain = "custom", CustomDomainConfig = new { CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/x" } },
            "InvalidParameterException");
        await _gatehouse.FailAsync("CreateUserPoolDomain", new { UserPoolId = "us-east-1_missing", Domain = "free" }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Update_changes_the_managed_login_version()
    {
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "versioned" });
        var updated = await _gatehouse.CallAsync("UpdateUserPoolDomain", new { UserPoolId = _poolId, Domain = "versioned", ManagedLoginVersion = 2 });
        Assert.Equal(2, updated["ManagedLoginVersion"]!.GetValue<int>());
        var described = await _gatehouse.CallAsync("DescribeUserPoolDomain", new { Domain = "versioned" });
        Assert.Equal(2, described["DomainDescription"]!["ManagedLoginVersion"]!.GetValue<int>());
        await _gatehouse.FailAsync("UpdateUserPoolDomain", new { UserPoolId = _otherPoolId, Domain = "versioned", ManagedLoginVersion = 1 }, "InvalidParameterException");
    }

    [Fact]
    public async Task Delete_frees_the_domain_and_clears_the_pools_Domain()
    {
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "moving" });
        await _gatehouse.FailAsync("DeleteUserPoolDomain", new { UserPoolId = _otherPoolId, Domain = "moving" }, "InvalidParameterException");
        await _gatehouse.CallAsync("DeleteUserPoolDomain", new { UserPoolId = _poolId, Domain = "moving" });

        var pool = await _gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = _poolId });
        Assert.Null(pool["UserPool"]!["Domain"]);
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _otherPoolId, Domain = "moving" });
    }

    [Fact]
    public async Task Deleting_the_pool_frees_its_domain()
    {
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _poolId, Domain = "released" });
        await _gatehouse.CallAsync("DeleteUserPool", new { UserPoolId = _poolId });
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _otherPoolId, Domain = "released" });
    }
}
