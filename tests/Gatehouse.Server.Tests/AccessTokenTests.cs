namespace Gatehouse.Server.Tests;

/// <summary>ChangePassword, DeleteUser, GlobalSignOut and RevokeToken, and what they do to issued tokens.</summary>
public sealed class AccessTokenTests(SelfServiceFixture fixture) : IClassFixture<SelfServiceFixture>, IAsyncLifetime
{
    private readonly TestGatehouse _gatehouse = fixture.Gatehouse;
    private readonly string _alice = fixture.Name("alice");
    private SelfServicePool _pool = null!;

    public async Task InitializeAsync()
    {
        _pool = await fixture.PoolAsync("default", g => SelfServicePool.CreateAsync(g));
        await _pool.SignUpConfirmedAsync(_alice, _alice + "@example.com");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ChangePassword_replaces_the_password()
    {
        var tokens = await _pool.SignInAsync(_alice);
        await ChangeAsync(tokens, SelfServicePool.Password, SelfServicePool.NewPassword);
        await _pool.SignInFailsAsync(_alice, SelfServicePool.Password, "NotAuthorizedException");
        Assert.NotNull((await _pool.SignInAsync(_alice, SelfServicePool.NewPassword))["AccessToken"]);
    }

    [Fact]
    public async Task ChangePassword_with_a_wrong_previous_password_counts_as_a_failed_sign_in()
    {
        var tokens = await _pool.SignInAsync(_alice);
        var before = await _pool.SnapshotAsync(_alice);
        for (var i = 0; i < 5; i++)
        {
            var error = await ChangeFailsAsync(tokens, "Wr0ng-password!", SelfServicePool.NewPassword, "NotAuthorizedException");
            Assert.Equal("Incorrect username or password.", error.AwsMessage);
        }

        var limited = await ChangeFailsAsync(tokens, SelfServicePool.Password, SelfServicePool.NewPassword, "LimitExceededException");
        Assert.Equal("Attempt limit exceeded, please try after some time.", limited.AwsMessage);
        var locked = await _pool.SignInFailsAsync(_alice, SelfServicePool.Password, "NotAuthorizedException");
        Assert.Equal("Password attempts exceeded", locked.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(2));
        await ChangeAsync(tokens, SelfServicePool.Password, SelfServicePool.NewPassword);
    }

    [Fact]
    public async Task ChangePassword_enforces_the_policy_and_the_token()
    {
        var tokens = await _pool.SignInAsync(_alice);
        var before = await _pool.SnapshotAsync(_alice);
        await ChangeFailsAsync(tokens, SelfServicePool.Password, "nouppercase1!", "InvalidPasswordException");
        var invalid = await _pool.FailAsync(
            "ChangePassword",
            new { AccessToken = "not-a-token", PreviousPassword = SelfServicePool.Password, ProposedPassword = SelfServicePool.NewPassword },
            "NotAuthorizedException");
        Assert.Equal("Invalid Access Token", invalid.AwsMessage);

        _gatehouse.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var expired = await ChangeFailsAsync(tokens, SelfServicePool.Password, SelfServicePool.NewPassword, "NotAuthorizedException");
        Assert.Equal("Access Token has expired", expired.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));
    }

    [Fact]
    public async Task DeleteUser_removes_the_user_and_revokes_its_tokens()
    {
        var tokens = await _pool.SignInAsync(_alice);
        await _pool.CallAsync("DeleteUser", new { AccessToken = Access(tokens) });

        var error = await _pool.FailAsync("GetUser", new { AccessToken = Access(tokens) }, "NotAuthorizedException");
        Assert.Equal("Access Token has been revoked", error.AwsMessage);
        await _pool.RefreshFailsAsync(Refresh(tokens));
        await _pool.FailAsync("AdminGetUser", new { UserPoolId = _pool.PoolId, Username = _alice }, "UserNotFoundException");
        await _pool.SignInFailsAsync(_alice, SelfServicePool.Password, "UserNotFoundException");
    }

    [Fact]
    public async Task GlobalSignOut_ends_every_sign_in_of_the_user()
    {
        var first = await _pool.SignInAsync(_alice);
        var second = await _pool.SignInAsync(_alice);
        await _pool.CallAsync("GlobalSignOut", new { AccessToken = Access(first) });

        foreach (var tokens in new[] { first, second })
        {
            var error = await _pool.FailAsync("GetUser", new { AccessToken = Access(tokens) }, "NotAuthorizedException");
            Assert.Equal("Access Token has been revoked", error.AwsMessage);
            await _pool.RefreshFailsAsync(Refresh(tokens));
        }

        var again = await _pool.SignInAsync(_alice);
        Assert.Equal(_alice, (await _pool.CallAsync("GetUser", new { AccessToken = Access(again) }))["Username"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokeToken_ends_only_the_sign_in_of_that_refresh_token()
    {
        var revoked = await _pool.SignInAsync(_alice);
        var other = await _pool.SignInAsync(_alice);
        var refreshed = await _pool.RefreshAsync(Refresh(revoked));
        await _pool.CallAsync("RevokeToken", new { Token = Refresh(revoked), _pool.ClientId });

        foreach (var token in new[] { Access(revoked), refreshed["AuthenticationResult"]!["AccessToken"]!.GetValue<string>() })
        {
            var error = await _pool.FailAsync("GetUser", new { AccessToken = token }, "NotAuthorizedException");
            Assert.Equal("Access Token has been revoked", error.AwsMessage);
        }

        await _pool.RefreshFailsAsync(Refresh(revoked));
        await _pool.CallAsync("GetUser", new { AccessToken = Access(other) });
        await _pool.RefreshAsync(Refresh(other));

        var twice = await _pool.FailAsync("RevokeToken", new { Token = Refresh(revoked), _pool.ClientId }, "UnauthorizedException");
        Assert.Equal("Invalid Refresh Token", twice.AwsMessage);
    }

    [Fact]
    public async Task RevokeToken_refuses_what_it_cannot_revoke()
    {
        var bob = fixture.Name("bob");
        var tokens = await _pool.SignInAsync(_alice);
        await _pool.FailAsync("RevokeToken", new { Token = Access(tokens), _pool.ClientId }, "UnsupportedTokenTypeException");
        await _pool.FailAsync("RevokeToken", new { Token = "unknown-token", _pool.ClientId }, "UnauthorizedException");
        await _pool.FailAsync("RevokeToken", new { Token = "not a token!", _pool.ClientId }, "InvalidParameterException");

        var otherClient = await fixture.PoolAsync("no-revocation", g => SelfServicePool.CreateAsync(g, revocation: false));
        await otherClient.SignUpConfirmedAsync(bob, bob + "@example.com");
        var bobTokens = await otherClient.SignInAsync(bob);
        var error = await otherClient.FailAsync("RevokeToken", new { Token = Refresh(bobTokens), otherClient.ClientId }, "UnsupportedOperationException");
        Assert.Equal("Token revocation is not enabled for this app client.", error.AwsMessage);

        // A refresh token of another client is as unknown as a made-up one.
        await _pool.FailAsync("RevokeToken", new { Token = Refresh(bobTokens), _pool.ClientId }, "UnauthorizedException");

        await _pool.CallAsync("GetUser", new { AccessToken = Access(tokens) });
        await otherClient.CallAsync("GetUser", new { AccessToken = Access(bobTokens) });
        await otherClient.RefreshAsync(Refresh(bobTokens));
    }

    [Fact]
    public async Task RevokeToken_authenticates_clients_that_have_a_secret()
    {
        var carol = fixture.Name("carol");
        var secret = await fixture.PoolAsync("secret", g => SelfServicePool.CreateAsync(g, secret: true));
        await secret.SignUpConfirmedAsync(carol, carol + "@example.com");
        var tokens = await secret.SignInAsync(carol);

        await secret.FailAsync("RevokeToken", new { Token = Refresh(tokens), secret.ClientId }, "UnauthorizedException");
        await secret.FailAsync("RevokeToken", new { Token = Refresh(tokens), secret.ClientId, ClientSecret = "wrongsecret" }, "UnauthorizedException");
        await secret.CallAsync("GetUser", new { AccessToken = Access(tokens) });

        await secret.CallAsync("RevokeToken", new { Token = Refresh(tokens), secret.ClientId, secret.ClientSecret });
        await secret.FailAsync("GetUser", new { AccessToken = Access(tokens) }, "NotAuthorizedException");
    }

    private static string Access(System.Text.Json.Nodes.JsonNode tokens) => tokens["AccessToken"]!.GetValue<string>();

    private static string Refresh(System.Text.Json.Nodes.JsonNode tokens) => tokens["RefreshToken"]!.GetValue<string>();

    private Task ChangeAsync(System.Text.Json.Nodes.JsonNode tokens, string previous, string proposed) =>
        _pool.CallAsync("ChangePassword", new { AccessToken = Access(tokens), PreviousPassword = previous, ProposedPassword = proposed });

    private Task<CognitoError> ChangeFailsAsync(System.Text.Json.Nodes.JsonNode tokens, string previous, string proposed, string expectedType) =>
        _pool.FailAsync("ChangePassword", new { AccessToken = Access(tokens), PreviousPassword = previous, ProposedPassword = proposed }, expectedType);
}
