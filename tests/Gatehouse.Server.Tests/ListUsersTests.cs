using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>ListUsers: filters, AttributesToGet, pagination and validation.</summary>
public sealed class ListUsersTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private string _pool = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _pool = await _gatehouse.CreatePoolAsync();
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task An_empty_pool_lists_no_users_and_no_token()
    {
        var page = await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool });

        Assert.Empty(page["Users"]!.AsArray());
        Assert.Null(page["PaginationToken"]);
    }

    [Fact]
    public async Task Users_are_listed_as_AWS_UserType()
    {
        var created = await _gatehouse.CreateUserAsync(_pool, "alice", ("email", "alice@example.com"), ("given_name", "Alice"));

        var user = Assert.Single((await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Filter = "" }))["Users"]!.AsArray())!;

        Assert.Equal("alice", user["Username"]!.GetValue<string>());
        Assert.True(user["Enabled"]!.GetValue<bool>());
        Assert.Equal("CONFIRMED", user["UserStatus"]!.GetValue<string>());
        Assert.Equal(created["UserCreateDate"]!.GetValue<double>(), user["UserCreateDate"]!.GetValue<double>());
        Assert.NotNull(user["UserLastModifiedDate"]);
        Assert.Equal(new[] { "email", "email_verified", "given_name", "sub" }, Names(user));
    }

    [Theory]
    [InlineData("email = \"bob@example.com\"", "bob")]
    [InlineData("email=\"bob@example.com\"", "bob")]
    [InlineData("email ^= \"b\"", "bob")]
    [InlineData("email ^= \"\"", "alice,bob,carol")]
    [InlineData("email = \"bob\"", "")]
    [InlineData("given_name ^= \"Ca\"", "carol")]
    [InlineData("family_name = \"Smith\"", "alice,carol")]
    [InlineData("name = \"Carol \\\"CJ\\\" Smith\"", "carol")]
    [InlineData("phone_number = \"+15555550100\"", "alice")]
    [InlineData("preferred_username ^= \"ali\"", "alice")]
    [InlineData("username = \"dave\"", "dave")]
    [InlineData("username = \"Dave\"", "")]
    [InlineData("username ^= \"\"", "alice,bob,carol,dave")]
    public async Task Filters_match_exactly_or_by_prefix(string filter, string expected)
    {
        await SeedAsync();

        var page = await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Filter = filter });

        Assert.Equal(expected, string.Join(",", Usernames(page).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Sub_finds_one_user()
    {
        await SeedAsync();
        var sub = (await _gatehouse.AttributesAsync(_pool, "carol"))["sub"];

        var page = await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Filter = $"sub = \"{sub}\"" });

        Assert.Equal(["carol"], Usernames(page));
    }

    [Fact]
    public async Task Status_is_Enabled_or_Disabled_and_user_status_is_the_lifecycle()
    {
        await SeedAsync();
        await _gatehouse.CallAsync("AdminDisableUser", new { UserPoolId = _pool, Username = "bob" });
        await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = _pool, Username = "erin", MessageAction = "SUPPRESS" });

        async Task<string> ListAsync(string filter) =>
            string.Join(",", Usernames(await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Filter = filter })).Order(StringComparer.Ordinal));

        Assert.Equal("bob", await ListAsync("status = \"Disabled\""));
        Assert.Equal("alice,carol,dave,erin", await ListAsync("status = \"Enabled\""));
        Assert.Equal("", await ListAsync("status = \"disabled\""));
        Assert.Equal("erin", await ListAsync("cognito:user_status = \"FORCE_CHANGE_PASSWORD\""));
        Assert.Equal("alice,bob,carol,dave", await ListAsync("cognito:user_status = \"confirmed\""));
        Assert.Equal("erin", await ListAsync("cognito:user_status ^= \"force\""));
    }

    [Theory]
    [InlineData("email")]
    [InlineData("email = bob@example.com")]
    [InlineData("email = \"bob@example.com")]
    [InlineData("email == \"bob@example.com\"")]
    [InlineData("email = \"a\" and name = \"b\"")]
    public async Task Malformed_filters_are_rejected(string filter)
    {
        var error = await _gatehouse.FailAsync("ListUsers", new { UserPoolId = _pool, Filter = filter }, "InvalidParameterException");
        Assert.Equal("Error while parsing filter.", error.AwsMessage);
    }

    [Theory]
    [InlineData("custom:tier = \"gold\"", "custom:tier")]
    [InlineData("foo ^= \"x\"", "foo")]
    [InlineData("email_verified = \"true\"", "email_verified")]
    public async Task Only_searchable_attributes_can_be_filtered(string filter, string attribute)
    {
        var error = await _gatehouse.FailAsync("ListUsers", new { UserPoolId = _pool, Filter = filter }, "InvalidParameterException");
        Assert.Equal($"Invalid search attribute: {attribute}", error.AwsMessage);
    }

    [Fact]
    public async Task AttributesToGet_narrows_the_attributes()
    {
        await SeedAsync();

        var page = await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Filter = "username = \"alice\"", AttributesToGet = new[] { "email", "nickname" } });
        Assert.Equal(new[] { "email" }, Names(Assert.Single(page["Users"]!.AsArray())!));

        page = await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Filter = "username = \"dave\"", AttributesToGet = new[] { "email" } });
        Assert.Empty(Names(Assert.Single(page["Users"]!.AsArray())!));

        page = await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Filter = "username = \"alice\"", AttributesToGet = Array.Empty<string>() });
        Assert.Contains("given_name", Names(Assert.Single(page["Users"]!.AsArray())!));
    }

    [Fact]
    public async Task Pages_cover_every_user_once()
    {
        for (var i = 0; i < 7; i++)
        {
            await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = _pool, Username = $"user{i}", MessageAction = "SUPPRESS" });
        }

        var pages = await AllPagesAsync(new Dictionary<string, object> { ["Limit"] = 3 });

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"user{i}"), pages.SelectMany(p => p).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Filtered_pages_cover_every_match_once()
    {
        // Equal values force the cursor to break ties by user; the others must never show up.
        for (var i = 0; i < 5; i++)
        {
            await _gatehouse.CallAsync("AdminCreateUser", new
            {
                UserPoolId = _pool,
                Username = $"same{i}",
                MessageAction = "SUPPRESS",
                UserAttributes = new[] { new { Name = "given_name", Value = "Same" } },
            });
        }

        for (var i = 0; i < 4; i++)
        {
            await _gatehouse.CallAsync("AdminCreateUser", new
            {
                UserPoolId = _pool,
                Username = $"other{i}",
                MessageAction = "SUPPRESS",
                UserAttributes = new[] { new { Name = "given_name", Value = i % 2 == 0 ? "Sam" : "Samantha" } },
            });
        }

        var exact = await AllPagesAsync(new Dictionary<string, object> { ["Limit"] = 2, ["Filter"] = "given_name = \"Same\"" });
        Assert.Equal([2, 2, 1], exact.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"same{i}"), exact.SelectMany(p => p).Order(StringComparer.Ordinal));

        var prefix = await AllPagesAsync(new Dictionary<string, object> { ["Limit"] = 4, ["Filter"] = "given_name ^= \"Sam\"" });
        Assert.Equal([4, 4, 1], prefix.Select(p => p.Count));
        Assert.Equal(9, prefix.SelectMany(p => p).Distinct().Count());
    }

    [Fact]
    public async Task Values_holding_a_NUL_page_like_any_other()
    {
        for (var i = 0; i < 3; i++)
        {
            await _gatehouse.CallAsync("AdminCreateUser", new
            {
                UserPoolId = _pool,
                Username = $"nul{i}",
                MessageAction = "SUPPRESS",
                UserAttributes = new[] { new { Name = "given_name", Value = "a\0b" } },
            });
        }

        var pages = await AllPagesAsync(new Dictionary<string, object> { ["Limit"] = 1, ["Filter"] = "given_name = \"a\0b\"" });

        Assert.Equal(["nul0", "nul1", "nul2"], pages.SelectMany(p => p).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Limit_defaults_to_60_and_0_means_the_default()
    {
        for (var i = 0; i < 3; i++)
        {
            await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = _pool, Username = $"user{i}", MessageAction = "SUPPRESS" });
        }

        Assert.Equal(3, (await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Limit = 0 }))["Users"]!.AsArray().Count);
        var exact = await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Limit = 3 });
        Assert.Equal(3, exact["Users"]!.AsArray().Count);
        Assert.Null(exact["PaginationToken"]);
    }

    [Theory]
    [InlineData(61, "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60")]
    [InlineData(-1, "1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0")]
    public async Task Limit_must_be_within_0_and_60(int limit, string message)
    {
        var error = await _gatehouse.FailAsync("ListUsers", new { UserPoolId = _pool, Limit = limit }, "InvalidParameterException");
        Assert.Equal(message, error.AwsMessage);
    }

    [Fact]
    public async Task Bad_requests_are_AWS_errors()
    {
        var token = await _gatehouse.FailAsync("ListUsers", new { UserPoolId = _pool, PaginationToken = "not!base64" }, "InvalidParameterException");
        Assert.Equal("Invalid pagination token.", token.AwsMessage);
        var blank = await _gatehouse.FailAsync("ListUsers", new { UserPoolId = _pool, PaginationToken = "" }, "InvalidParameterException");
        Assert.Contains("at 'paginationToken' failed to satisfy constraint: Member must have length greater than or equal to 1", blank.AwsMessage, StringComparison.Ordinal);
        var longFilter = await _gatehouse.FailAsync("ListUsers", new { UserPoolId = _pool, Filter = $"name = \"{new string('x', 250)}\"" }, "InvalidParameterException");
        Assert.EndsWith("at 'filter' failed to satisfy constraint: Member must have length less than or equal to 256", longFilter.AwsMessage);
        var attribute = await _gatehouse.FailAsync("ListUsers", new { UserPoolId = _pool, AttributesToGet = new[] { "" } }, "InvalidParameterException");
        Assert.Contains("at 'attributesToGet.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1", attribute.AwsMessage, StringComparison.Ordinal);
        var pool = await _gatehouse.FailAsync("ListUsers", new { UserPoolId = "us-east-1_nothere12" }, "ResourceNotFoundException");
        Assert.Equal("User pool us-east-1_nothere12 does not exist.", pool.AwsMessage);
        await _gatehouse.FailAsync("ListUsers", new { }, "InvalidParameterException");
    }

    private async Task SeedAsync()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice", ("email", "alice@example.com"), ("given_name", "Alice"), ("family_name", "Smith"),
            ("phone_number", "+15555550100"), ("preferred_username", "alicia"));
        await _gatehouse.CreateUserAsync(_pool, "bob", ("email", "bob@example.com"), ("given_name", "Bob"));
        await _gatehouse.CreateUserAsync(_pool, "carol", ("email", "carol@example.com"), ("given_name", "Carol"), ("family_name", "Smith"), ("name", "Carol \"CJ\" Smith"));
        await _gatehouse.CreateUserAsync(_pool, "dave");
    }

    private async Task<List<List<string>>> AllPagesAsync(Dictionary<string, object> parameters)
    {
        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var request = new Dictionary<string, object>(parameters) { ["UserPoolId"] = _pool };
            if (token is not null)
            {
                request["PaginationToken"] = token;
            }

            var page = await _gatehouse.CallAsync("ListUsers", request);
            pages.Add(Usernames(page));
            token = page["PaginationToken"]?.GetValue<string>();
            Assert.True(pages.Count <= 20, "pagination did not end");
        }
        while (token is not null);

        return pages;
    }

    private static List<string> Usernames(JsonNode page) => page["Users"]!.AsArray().Select(u => u!["Username"]!.GetValue<string>()).ToList();

    private static List<string> Names(JsonNode user) =>
        user["Attributes"]!.AsArray().Select(a => a!["Name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
}
