namespace Gatehouse.Server.Tests;

/// <summary>Group membership as tokens carry it: cognito:groups by precedence, and the preferred role.</summary>
public sealed class TokenGroupTests : IAsyncLifetime
{
    private const string Operators = "arn:aws:iam::123456789012:role/operators";
    private const string Auditors = "arn:aws:iam::123456789012:role/auditors";
    private const string Guests = "arn:aws:iam::123456789012:role/guests";
    private TestGatehouse _gatehouse = null!;
    private string _pool = "";
    private string _client = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _pool = await GroupFixture.CreatePoolAsync(_gatehouse);
        _client = await GroupFixture.CreateClientAsync(_gatehouse, _pool);
        await GroupFixture.CreateUserAsync(_gatehouse, _pool, "alice");
        await GroupFixture.CreateGroupAsync(_gatehouse, _pool, "zeta", precedence: 1, roleArn: Operators);
        await GroupFixture.CreateGroupAsync(_gatehouse, _pool, "alpha", precedence: 5, roleArn: Auditors);
        await GroupFixture.CreateGroupAsync(_gatehouse, _pool, "beta");
        await GroupFixture.CreateGroupAsync(_gatehouse, _pool, "gamma", precedence: 1);
        await GroupFixture.CreateGroupAsync(_gatehouse, _pool, "delta", roleArn: Guests);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Tokens_list_groups_by_precedence_then_name_and_prefer_the_highest_role()
    {
        foreach (var group in new[] { "alpha", "beta", "delta", "gamma", "zeta" })
        {
            await JoinAsync(group);
        }

        var result = await GroupFixture.FirstSignInAsync(_gatehouse, _pool, _client, "alice");
        var id = GroupFixture.Claims(result, "IdToken");
        var access = GroupFixture.Claims(result, "AccessToken");
        string[] expected = ["gamma", "zeta", "alpha", "beta", "delta"];
        Assert.Equal(expected, GroupFixture.Strings(id, "cognito:groups"));
        Assert.Equal(expected, GroupFixture.Strings(access, "cognito:groups"));
        Assert.Equal(Operators, id["cognito:preferred_role"]!.GetValue<string>());
        Assert.Equal(new[] { Auditors, Guests, Operators }, GroupFixture.Strings(id, "cognito:roles")!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_user_in_no_group_gets_no_group_claims()
    {
        var result = await GroupFixture.FirstSignInAsync(_gatehouse, _pool, _client, "alice");
        foreach (var token in new[] { "IdToken", "AccessToken" })
        {
            var claims = GroupFixture.Claims(result, token);
            Assert.False(claims.ContainsKey("cognito:groups"));
            Assert.False(claims.ContainsKey("cognito:preferred_role"));
            Assert.False(claims.ContainsKey("cognito:roles"));
        }
    }

    [Fact]
    public async Task Refreshed_tokens_follow_membership_and_group_changes()
    {
        await JoinAsync("zeta");
        await JoinAsync("alpha");
        var first = await GroupFixture.FirstSignInAsync(_gatehouse, _pool, _client, "alice");
        Assert.Equal(["zeta", "alpha"], GroupFixture.Strings(GroupFixture.Claims(first, "IdToken"), "cognito:groups"));

        await _gatehouse.CallAsync("AdminRemoveUserFromGroup", new { UserPoolId = _pool, GroupName = "zeta", Username = "alice" });
        await JoinAsync("beta");
        var second = GroupFixture.Claims(await GroupFixture.RefreshAsync(_gatehouse, _pool, _client, first), "IdToken");
        Assert.Equal(["alpha", "beta"], GroupFixture.Strings(second, "cognito:groups"));
        Assert.Equal(Auditors, second["cognito:preferred_role"]!.GetValue<string>());

        await _gatehouse.CallAsync("UpdateGroup", new { UserPoolId = _pool, GroupName = "beta", Precedence = 0, RoleArn = Guests });
        var third = GroupFixture.Claims(await GroupFixture.RefreshAsync(_gatehouse, _pool, _client, first), "IdToken");
        Assert.Equal(["beta", "alpha"], GroupFixture.Strings(third, "cognito:groups"));
        Assert.Equal(Guests, third["cognito:preferred_role"]!.GetValue<string>());

        await _gatehouse.CallAsync("DeleteGroup", new { UserPoolId = _pool, GroupName = "beta" });
        await _gatehouse.CallAsync("DeleteGroup", new { UserPoolId = _pool, GroupName = "alpha" });
        var fourth = GroupFixture.Claims(await GroupFixture.RefreshAsync(_gatehouse, _pool, _client, first), "AccessToken");
        Assert.False(fourth.ContainsKey("cognito:groups"));
    }

    private Task JoinAsync(string group) =>
        _gatehouse.CallAsync("AdminAddUserToGroup", new { UserPoolId = _pool, GroupName = group, Username = "alice" });
}
