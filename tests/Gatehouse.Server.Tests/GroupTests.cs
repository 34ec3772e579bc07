using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>Groups and memberships: the nine group actions, their errors, and their pagination.</summary>
public sealed class GroupTests : IAsyncLifetime
{
    private const string Admins = "arn:aws:iam::123456789012:role/admins";
    private TestGatehouse _gatehouse = null!;
    private string _pool = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _pool = await GroupFixture.CreatePoolAsync(_gatehouse);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_group_is_created_read_updated_and_deleted()
    {
        var created = (await CreateGroupAsync("admins", description: "Runs the place", precedence: 1, roleArn: Admins))["Group"]!;
        var now = _gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal("admins", created["GroupName"]!.GetValue<string>());
        Assert.Equal(_pool, created["UserPoolId"]!.GetValue<string>());
        Assert.Equal("Runs the place", created["Description"]!.GetValue<string>());
        Assert.Equal(Admins, created["RoleArn"]!.GetValue<string>());
        Assert.Equal(1, created["Precedence"]!.GetValue<int>());
        Assert.Equal(now, created["CreationDate"]!.GetValue<double>());
        Assert.Equal(now, created["LastModifiedDate"]!.GetValue<double>());

        var read = await _gatehouse.CallAsync("GetGroup", new { UserPoolId = _pool, GroupName = "admins" });
        Assert.Equal(created.ToJsonString(), read["Group"]!.ToJsonString());

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(5));
        var updated = (await _gatehouse.CallAsync("UpdateGroup", new { UserPoolId = _pool, GroupName = "admins", Precedence = 3 }))["Group"]!;
        Assert.Equal(3, updated["Precedence"]!.GetValue<int>());
        Assert.Equal("Runs the place", updated["Description"]!.GetValue<string>());
        Assert.Equal(Admins, updated["RoleArn"]!.GetValue<string>());
        Assert.Equal(now, updated["CreationDate"]!.GetValue<double>());
        Assert.Equal(now + 300, updated["LastModifiedDate"]!.GetValue<double>());
        var reread = await _gatehouse.CallAsync("GetGroup", new { UserPoolId = _pool, GroupName = "admins" });
        Assert.Equal(updated.ToJsonString(), reread["Group"]!.ToJsonString());

        var deleted = await _gatehouse.CallAsync("DeleteGroup", new { UserPoolId = _pool, GroupName = "admins" });
        Assert.Empty(deleted.AsObject());
        await ExpectGroupNotFoundAsync("GetGroup", new { UserPoolId = _pool, GroupName = "admins" });
    }

    [Fact]
    public async Task Optional_members_are_left_out_of_the_group()
    {
        var group = (await CreateGroupAsync("plain"))["Group"]!.AsObject();
        Assert.Equal(["GroupName", "UserPoolId", "LastModifiedDate", "CreationDate"], group.Select(p => p.Key));
    }

    [Fact]
    public async Task A_duplicate_name_fails_and_leaves_the_first_group_alone()
    {
        await CreateGroupAsync("admins", description: "first", precedence: 1);
        var error = await _gatehouse.FailAsync(
            "CreateGroup", new { UserPoolId = _pool, GroupName = "admins", Description = "second", Precedence = 9 }, "GroupExistsException");
        Assert.Equal("A group with the name already exists.", error.AwsMessage);

        var group = (await _gatehouse.CallAsync("GetGroup", new { UserPoolId = _pool, GroupName = "admins" }))["Group"]!;
        Assert.Equal("first", group["Description"]!.GetValue<string>());
        Assert.Equal(1, group["Precedence"]!.GetValue<int>());
    }

    [Fact]
    public async Task Group_names_are_per_pool()
    {
        var other = await GroupFixture.CreatePoolAsync(_gatehouse);
        await CreateGroupAsync("admins");
        await _gatehouse.CallAsync("CreateGroup", new { UserPoolId = other, GroupName = "admins" });
        await _gatehouse.CallAsync("DeleteGroup", new { UserPoolId = other, GroupName = "admins" });
        await _gatehouse.CallAsync("GetGroup", new { UserPoolId = _pool, GroupName = "admins" });
    }

    [Fact]
    public async Task An_unknown_group_is_not_found_and_nothing_changes()
    {
        await GroupFixture.CreateUserAsync(_gatehouse, _pool, "alice");
        var group = new { UserPoolId = _pool, GroupName = "ghosts" };
        var member = new { UserPoolId = _pool, GroupName = "ghosts", Username = "alice" };
        await ExpectGroupNotFoundAsync("GetGroup", group);
        await ExpectGroupNotFoundAsync("UpdateGroup", new { UserPoolId = _pool, GroupName = "ghosts", Description = "boo" });
        await ExpectGroupNotFoundAsync("DeleteGroup", group);
        await ExpectGroupNotFoundAsync("ListUsersInGroup", group);
        await ExpectGroupNotFoundAsync("AdminAddUserToGroup", member);
        await ExpectGroupNotFoundAsync("AdminRemoveUserFromGroup", member);

        Assert.Empty((await _gatehouse.CallAsync("ListGroups", new { UserPoolId = _pool }))["Groups"]!.AsArray());
        Assert.Empty((await GroupsOfAsync("alice"))["Groups"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_user_is_not_found_and_nothing_changes()
    {
        await CreateGroupAsync("admins");
        foreach (var action in new[] { "AdminAddUserToGroup", "AdminRemoveUserFromGroup" })
        {
            var error = await _gatehouse.FailAsync(action, new { UserPoolId = _pool, GroupName = "admins", Username = "nobody" }, "UserNotFoundException");
            Assert.Equal("User does not exist.", error.AwsMessage);
        }

        var listed = await _gatehouse.FailAsync("AdminListGroupsForUser", new { UserPoolId = _pool, Username = "nobody" }, "UserNotFoundException");
        Assert.Equal("User does not exist.", listed.AwsMessage);
        Assert.Empty((await _gatehouse.CallAsync("ListUsersInGroup", new { UserPoolId = _pool, GroupName = "admins" }))["Users"]!.AsArray());
    }

    [Theory]
    [InlineData("CreateGroup")]
    [InlineData("GetGroup")]
    [InlineData("UpdateGroup")]
    [InlineData("DeleteGroup")]
    [InlineData("ListGroups")]
    [InlineData("AdminAddUserToGroup")]
    [InlineData("AdminRemoveUserFromGroup")]
    [InlineData("AdminListGroupsForUser")]
    [InlineData("ListUsersInGroup")]
    public async Task An_unknown_pool_is_not_found(string action)
    {
        var error = await _gatehouse.FailAsync(
            action, new { UserPoolId = "us-east-1_nothere12", GroupName = "admins", Username = "alice" }, "ResourceNotFoundException");
        Assert.Equal("User pool us-east-1_nothere12 does not exist.", error.AwsMessage);
    }

    [Theory]
    [InlineData("has space", "Value 'has space' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern")]
    [InlineData("tab\there", "at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern")]
    [InlineData("newline\n", "at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern")]
    [InlineData(null, "Value null at 'groupName' failed to satisfy constraint: Member must not be null")]
    public async Task Bad_group_names_fail_validation_and_create_nothing(string? name, string expected)
    {
        var error = await _gatehouse.FailAsync("CreateGroup", new { UserPoolId = _pool, GroupName = name }, "InvalidParameterException");
        Assert.StartsWith("1 validation error detected: ", error.AwsMessage);
        Assert.Contains(expected, error.AwsMessage);
        Assert.Empty((await _gatehouse.CallAsync("ListGroups", new { UserPoolId = _pool }))["Groups"]!.AsArray());
    }

    [Fact]
    public async Task An_empty_name_breaks_two_constraints_and_a_long_one_its_length()
    {
        var empty = await _gatehouse.FailAsync("GetGroup", new { UserPoolId = _pool, GroupName = "" }, "InvalidParameterException");
        Assert.StartsWith(
            "2 validation errors detected: Value '' at 'groupName' failed to satisfy constraint: Member must have length greater than or equal to 1; "
            + "Value '' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern", empty.AwsMessage);

        var longName = new string('g', 129);
        var tooLong = await _gatehouse.FailAsync("CreateGroup", new { UserPoolId = _pool, GroupName = longName }, "InvalidParameterException");
        Assert.Equal(
            $"1 validation error detected: Value '{longName}' at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128",
            tooLong.AwsMessage);
        await CreateGroupAsync(new string('g', 128));
        await CreateGroupAsync("ünïcode:group/+=,.@-_!");
    }

    [Fact]
    public async Task Group_settings_are_checked_against_the_model()
    {
        var error = await _gatehouse.FailAsync(
            "CreateGroup",
            new { UserPoolId = _pool, GroupName = "g", Precedence = -1, Description = new string('d', 2049), RoleArn = "arn:aws:iam::account:role/x" },
            "InvalidParameterException");
        Assert.StartsWith("3 validation errors detected: ", error.AwsMessage);
        Assert.Contains("at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048", error.AwsMessage);
        Assert.Contains(
            "Value 'arn:aws:iam::account:role/x' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern", error.AwsMessage);
        Assert.Contains(
            "Value '-1' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0", error.AwsMessage);

        await CreateGroupAsync("g", precedence: 0);
        var update = await _gatehouse.FailAsync(
            "UpdateGroup", new { UserPoolId = _pool, GroupName = "g", RoleArn = "not-an-arn-at-all-really" }, "InvalidParameterException");
        Assert.Contains("at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern", update.AwsMessage);
        var group = (await _gatehouse.CallAsync("GetGroup", new { UserPoolId = _pool, GroupName = "g" }))["Group"]!.AsObject();
        Assert.False(group.ContainsKey("RoleArn"));
        Assert.Equal(0, group["Precedence"]!.GetValue<int>());
    }

    [Fact]
    public async Task Users_join_and_leave_groups()
    {
        await GroupFixture.CreateUserAsync(_gatehouse, _pool, "alice", email: "alice@example.com");
        await GroupFixture.CreateUserAsync(_gatehouse, _pool, "bob");
        await CreateGroupAsync("admins");
        await CreateGroupAsync("readers");
        Assert.Empty((await AddAsync("alice", "admins")).AsObject());
        await AddAsync("alice", "admins");
        await AddAsync("alice", "readers");
        await AddAsync("bob", "readers");

        Assert.Equal(["admins", "readers"], Names(await GroupsOfAsync("alice"), "Groups", "GroupName"));
        var readers = await _gatehouse.CallAsync("ListUsersInGroup", new { UserPoolId = _pool, GroupName = "readers" });
        Assert.Equal(["alice", "bob"], Names(readers, "Users", "Username"));
        Assert.Null(readers["NextToken"]);
        var alice = readers["Users"]![0]!;
        Assert.Equal("FORCE_CHANGE_PASSWORD", alice["UserStatus"]!.GetValue<string>());
        Assert.True(alice["Enabled"]!.GetValue<bool>());
        Assert.Contains(alice["Attributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "email" && a["Value"]!.GetValue<string>() == "alice@example.com");
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), alice["UserCreateDate"]!.GetValue<double>());

        var removed = await _gatehouse.CallAsync("AdminRemoveUserFromGroup", new { UserPoolId = _pool, GroupName = "readers", Username = "alice" });
        Assert.Empty(removed.AsObject());
        await _gatehouse.CallAsync("AdminRemoveUserFromGroup", new { UserPoolId = _pool, GroupName = "readers", Username = "alice" });
        Assert.Equal(["admins"], Names(await GroupsOfAsync("alice"), "Groups", "GroupName"));
        Assert.Equal(["bob"], Names(await _gatehouse.CallAsync("ListUsersInGroup", new { UserPoolId = _pool, GroupName = "readers" }), "Users", "Username"));
    }

    [Fact]
    public async Task Membership_follows_the_user_however_the_name_is_typed()
    {
        var pool = await GroupFixture.CreatePoolAsync(_gatehouse, caseSensitive: false);
        await GroupFixture.CreateUserAsync(_gatehouse, pool, "Alice");
        await _gatehouse.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "admins" });
        await _gatehouse.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, GroupName = "admins", Username = "ALICE" });

        var members = await _gatehouse.CallAsync("ListUsersInGroup", new { UserPoolId = pool, GroupName = "admins" });
        Assert.Equal(["Alice"], Names(members, "Users", "Username"));
        var groups = await _gatehouse.CallAsync("AdminListGroupsForUser", new { UserPoolId = pool, Username = "alice" });
        Assert.Equal(["admins"], Names(groups, "Groups", "GroupName"));
    }

    [Fact]
    public async Task Deleting_a_group_ends_its_memberships()
    {
        await GroupFixture.CreateUserAsync(_gatehouse, _pool, "alice");
        await CreateGroupAsync("admins");
        await CreateGroupAsync("readers");
        await AddAsync("alice", "admins");
        await AddAsync("alice", "readers");

        await _gatehouse.CallAsync("DeleteGroup", new { UserPoolId = _pool, GroupName = "admins" });
        Assert.Equal(["readers"], Names(await GroupsOfAsync("alice"), "Groups", "GroupName"));
        await CreateGroupAsync("admins");
        Assert.Empty((await _gatehouse.CallAsync("ListUsersInGroup", new { UserPoolId = _pool, GroupName = "admins" }))["Users"]!.AsArray());
    }

    [Fact]
    public async Task Every_listing_pages_through_all_its_items_once()
    {
        var groups = Enumerable.Range(0, 7).Select(i => $"group-{i}").ToList();
        var users = Enumerable.Range(0, 5).Select(i => $"user-{i}").ToList();
        foreach (var group in groups)
        {
            await CreateGroupAsync(group);
        }

        foreach (var user in users)
        {
            await GroupFixture.CreateUserAsync(_gatehouse, _pool, user);
            await AddAsync(user, "group-0");
        }

        foreach (var group in groups.Skip(1))
        {
            await AddAsync("user-0", group);
        }

        Assert.Equal(groups, await PageAllAsync("ListGroups", new JsonObject { ["UserPoolId"] = _pool }, 3, "Groups", "GroupName", expectedPages: 3));
        Assert.Equal(groups, await PageAllAsync(
            "AdminListGroupsForUser", new JsonObject { ["UserPoolId"] = _pool, ["Username"] = "user-0" }, 2, "Groups", "GroupName", expectedPages: 4));
        Assert.Equal(users, await PageAllAsync(
            "ListUsersInGroup", new JsonObject { ["UserPoolId"] = _pool, ["GroupName"] = "group-0" }, 5, "Users", "Username", expectedPages: 1));
        Assert.Equal(users, await PageAllAsync(
            "ListUsersInGroup", new JsonObject { ["UserPoolId"] = _pool, ["GroupName"] = "group-0" }, 2, "Users", "Username", expectedPages: 3));
    }

    [Fact]
    public async Task Listings_default_to_pages_of_25()
    {
        for (var i = 0; i < 26; i++)
        {
            await CreateGroupAsync($"g{i:D2}");
        }

        var first = await _gatehouse.CallAsync("ListGroups", new { UserPoolId = _pool });
        Assert.Equal(25, first["Groups"]!.AsArray().Count);
        var rest = await _gatehouse.CallAsync("ListGroups", new { UserPoolId = _pool, NextToken = first["NextToken"]!.GetValue<string>() });
        Assert.Equal(["g25"], Names(rest, "Groups", "GroupName"));
        Assert.Null(rest["NextToken"]);
        var all = await _gatehouse.CallAsync("ListGroups", new { UserPoolId = _pool, Limit = 60 });
        Assert.Equal(26, all["Groups"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(61, null, "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60")]
    [InlineData(-1, null, "1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0")]
    [InlineData(0, null, "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    [InlineData(null, "", "2 validation errors detected: Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'nextToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+")]
    [InlineData(null, "not base64!", "1 validation error detected: Value 'not base64!' at 'nextToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+")]
    [InlineData(null, "***", "Invalid pagination token.")]
    public async Task Bad_limits_and_tokens_are_invalid_parameters(int? limit, string? nextToken, string expected)
    {
        await GroupFixture.CreateUserAsync(_gatehouse, _pool, "alice");
        await CreateGroupAsync("admins");
        var requests = new (string Action, object Body)[]
        {
            ("ListGroups", new { UserPoolId = _pool, Limit = limit, NextToken = nextToken }),
            ("AdminListGroupsForUser", new { UserPoolId = _pool, Username = "alice", Limit = limit, NextToken = nextToken }),
            ("ListUsersInGroup", new { UserPoolId = _pool, GroupName = "admins", Limit = limit, NextToken = nextToken }),
        };
        foreach (var (action, body) in requests)
        {
            var error = await _gatehouse.FailAsync(action, body, "InvalidParameterException");
            Assert.Equal(expected, error.AwsMessage);
        }
    }

    private Task<JsonNode> CreateGroupAsync(string name, string? description = null, int? precedence = null, string? roleArn = null) =>
        GroupFixture.CreateGroupAsync(_gatehouse, _pool, name, description, precedence, roleArn);

    private Task<JsonNode> AddAsync(string username, string group) =>
        _gatehouse.CallAsync("AdminAddUserToGroup", new { UserPoolId = _pool, GroupName = group, Username = username });

    private Task<JsonNode> GroupsOfAsync(string username) =>
        _gatehouse.CallAsync("AdminListGroupsForUser", new { UserPoolId = _pool, Username = username });

    private async Task ExpectGroupNotFoundAsync(string action, object body)
    {
        var error = await _gatehouse.FailAsync(action, body, "ResourceNotFoundException");
        Assert.Equal("Group not found.", error.AwsMessage);
    }

    private async Task<List<string>> PageAllAsync(string action, JsonObject request, int limit, string list, string name, int expectedPages)
    {
        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var body = request.DeepClone().AsObject();
            body["Limit"] = limit;
            body["NextToken"] = token;
            var page = await _gatehouse.CallAsync(action, body);
            var names = Names(page, list, name);
            Assert.InRange(names.Count, 1, limit);
            seen.AddRange(names);
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(expectedPages, pages);
        return seen;
    }

    private static List<string> Names(JsonNode response, string list, string name) =>
        response[list]!.AsArray().Select(item => item![name]!.GetValue<string>()).ToList();
}
