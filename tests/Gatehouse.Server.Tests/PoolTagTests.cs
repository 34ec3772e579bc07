namespace Gatehouse.Server.Tests;

/// <summary>TagResource, UntagResource and ListTagsForResource on user pools, and DescribeUserPool's UserPoolTags.</summary>
public sealed class PoolTagTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Tags_are_added_replaced_listed_and_removed_by_the_pool_ARN()
    {
        var (id, arn) = await CreatePoolAsync(new Dictionary<string, string> { ["team"] = "auth" });

        await _gatehouse.CallAsync("TagResource", new { ResourceArn = arn, Tags = new Dictionary<string, string> { ["team"] = "identity", ["env"] = "" } });
        var tags = (await _gatehouse.CallAsync("ListTagsForResource", new { ResourceArn = arn }))["Tags"]!.AsObject();
        Assert.Equal(2, tags.Count);
        Assert.Equal("identity", tags["team"]!.GetValue<string>());
        Assert.Equal("", tags["env"]!.GetValue<string>());

        await _gatehouse.CallAsync("UntagResource", new { ResourceArn = arn, TagKeys = new[] { "team", "not-there" } });
        var described = (await _gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = id }))["UserPool"]!["UserPoolTags"]!.AsObject();
        Assert.Equal(["env"], described.Select(t => t.Key));
    }

    [Fact]
    public async Task A_pool_holds_at_most_50_tags_and_a_refused_TagResource_changes_nothing()
    {
        var (_, arn) = await CreatePoolAsync(Enumerable.Range(0, 49).ToDictionary(i => $"k{i}", i => $"v{i}"));
        await _gatehouse.CallAsync("TagResource", new { ResourceArn = arn, Tags = new Dictionary<string, string> { ["k0"] = "replaced", ["k49"] = "v49" } });

        var error = await _gatehouse.FailAsync("TagResource", new { ResourceArn = arn, Tags = new Dictionary<string, string> { ["k50"] = "v50" } }, "InvalidParameterException");
        Assert.Contains("50", error.AwsMessage, StringComparison.Ordinal);
        var tags = (await _gatehouse.CallAsync("ListTagsForResource", new { ResourceArn = arn }))["Tags"]!.AsObject();
        Assert.Equal(50, tags.Count);
        Assert.Equal("replaced", tags["k0"]!.GetValue<string>());
        Assert.Null(tags["k50"]);

        await _gatehouse.FailAsync("CreateUserPool", new { PoolName = "many", UserPoolTags = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v") }, "InvalidParameterException");
    }

    [Theory]
    [InlineData("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_NoSuchPool", "User pool us-east-1_NoSuchPool does not exist.")]
    [InlineData("arn:aws:sns:us-east-1:123456789012:my-topic", "Resource arn:aws:sns:us-east-1:123456789012:my-topic does not exist.")]
    public async Task An_ARN_that_names_no_pool_here_is_ResourceNotFoundException(string arn, string message)
    {
        foreach (var (action, body) in new (string, object)[]
        {
            ("ListTagsForResource", new { ResourceArn = arn }),
            ("TagResource", new { ResourceArn = arn, Tags = new Dictionary<string, string> { ["a"] = "b" } }),
            ("UntagResource", new { ResourceArn = arn, TagKeys = new[] { "a" } }),
        })
        {
            var error = await _gatehouse.FailAsync(action, body, "ResourceNotFoundException");
            Assert.Equal(message, error.AwsMessage);
        }
    }

    [Fact]
    public async Task The_ARN_of_a_pool_in_another_account_or_region_names_nothing_here()
    {
        var (id, arn) = await CreatePoolAsync(null);
        foreach (var other in new[] { arn.Replace("123456789012", "210987654321", StringComparison.Ordinal), arn.Replace(":us-east-1:", ":eu-west-1:", StringComparison.Ordinal) })
        {
            var error = await _gatehouse.FailAsync("ListTagsForResource", new { ResourceArn = other }, "ResourceNotFoundException");
            Assert.Equal($"User pool {id} does not exist.", error.AwsMessage);
        }
    }

    [Fact]
    public async Task Bad_parameters_are_InvalidParameterException_in_AWS_words()
    {
        var (_, arn) = await CreatePoolAsync(null);
        var missing = await _gatehouse.FailAsync("TagResource", new { ResourceArn = arn }, "InvalidParameterException");
        Assert.Contains("Value null at 'tags' failed to satisfy constraint: Member must not be null", missing.AwsMessage, StringComparison.Ordinal);
        await _gatehouse.FailAsync("TagResource", new { ResourceArn = arn, Tags = new Dictionary<string, string> { [new string('k', 129)] = "v" } }, "InvalidParameterException");
        await _gatehouse.FailAsync("TagResource", new { ResourceArn = arn, Tags = new Dictionary<string, string> { ["k"] = new string('v', 257) } }, "InvalidParameterException");
        await _gatehouse.FailAsync("UntagResource", new { ResourceArn = arn }, "InvalidParameterException");
        await _gatehouse.FailAsync("UntagResource", new { ResourceArn = arn, TagKeys = new[] { "" } }, "InvalidParameterException");
        var badArn = await _gatehouse.FailAsync("ListTagsForResource", new { ResourceArn = "not-an-arn-but-long-enough" }, "InvalidParameterException");
        Assert.Contains("at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern", badArn.AwsMessage, StringComparison.Ordinal);
        await _gatehouse.FailAsync("ListTagsForResource", new { }, "InvalidParameterException");
        var (status, body, _) = await _gatehouse.RawAsync("TagResource", """{"ResourceArn":"x","Tags":["not","a","map"]}""");
        Assert.Equal(400, status);
        Assert.Equal("SerializationException", body!["__type"]!.GetValue<string>());
    }

    private async Task<(string Id, string Arn)> CreatePoolAsync(Dictionary<string, string>? tags)
    {
        var pool = (await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "tagged", UserPoolTags = tags }))["UserPool"]!;
        return (pool["Id"]!.GetValue<string>(), pool["Arn"]!.GetValue<string>());
    }
}
