namespace Gatehouse.Server.Tests;

/// <summary>AdminSetUserPassword and AdminResetUserPassword, each followed by a sign-in.</summary>
public sealed class AdminPasswordTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private string _pool = null!;
    private string _client = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _pool = await _gatehouse.CreatePoolAsync();
        _client = await _gatehouse.CreateAdminClientAsync(_pool);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_permanent_password_confirms_the_user_and_signs_in()
    {
        await CreateInvitedAsync("alice");
        Assert.Equal("FORCE_CHANGE_PASSWORD", await StatusAsync("alice"));

        var response = await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = _pool, Username = "alice", Password = "N3w-secret", Permanent = true });

        Assert.Empty(response.AsObject());
        Assert.Equal("CONFIRMED", await StatusAsync("alice"));
        var signedIn = await _gatehouse.SignInAsync(_pool, _client, "alice", "N3w-secret");
        await _gatehouse.CallAsync("GetUser", new { AccessToken = signedIn["AuthenticationResult"]!["AccessToken"]!.GetValue<string>() });
        var old = await _gatehouse.SignInFailsAsync(_pool, _client, "alice", "Temp0rary!", "NotAuthorizedException");
        Assert.Equal("Incorrect username or password.", old.AwsMessage);
    }

    [Fact]
    public async Task A_temporary_password_asks_for_a_new_one_at_sign_in()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice");

        await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = _pool, Username = "alice", Password = "Tmp-pass1" });

        Assert.Equal("FORCE_CHANGE_PASSWORD", await StatusAsync("alice"));
        await _gatehouse.SignInFailsAsync(_pool, _client, "alice", UserSteps.Password, "NotAuthorizedException");
        var challenge = await _gatehouse.SignInAsync(_pool, _client, "alice", "Tmp-pass1");
        Assert.Equal("NEW_PASSWORD_REQUIRED", challenge["ChallengeName"]!.GetValue<string>());
        var answered = await _gatehouse.CallAsync("AdminRespondToAuthChallenge", new
        {
            UserPoolId = _pool,
            ClientId = _client,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "alice", ["NEW_PASSWORD"] = "Final-pass1" },
        });
        Assert.NotNull(answered["AuthenticationResult"]?["AccessToken"]);
        Assert.Equal("CONFIRMED", await StatusAsync("alice"));
    }

    [Fact]
    public async Task A_temporary_password_expires_after_the_policy_days()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice");
        _gatehouse.Clock.Advance(TimeSpan.FromDays(30));

        // The validity counts from when the password is set, not from when the user was created.
        await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = _pool, Username = "alice", Password = "Tmp-pass1", Permanent = false });
        _gatehouse.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal("NEW_PASSWORD_REQUIRED", (await _gatehouse.SignInAsync(_pool, _client, "alice", "Tmp-pass1"))["ChallengeName"]!.GetValue<string>());

        _gatehouse.Clock.Advance(TimeSpan.FromDays(2));
        var expired = await _gatehouse.SignInFailsAsync(_pool, _client, "alice", "Tmp-pass1", "NotAuthorizedException");
        Assert.Equal("Temporary password has expired and must be reset by an administrator.", expired.AwsMessage);
    }

    [Theory]
    [InlineData("Sh0rt!", "Password did not conform with policy: Password not long enough")]
    [InlineData("alllower1!", "Password did not conform with policy: Password must have uppercase characters")]
    [InlineData("NoNumbers!", "Password did not conform with policy: Password must have numeric characters")]
    [InlineData("NoSymbols1", "Password did not conform with policy: Password must have symbol characters")]
    public async Task AdminSetUserPassword_enforces_the_policy_and_changes_nothing(string password, string message)
    {
        await _gatehouse.CreateUserAsync(_pool, "alice");
        var before = await _gatehouse.SnapshotAsync(_pool);

        var error = await _gatehouse.FailAsync("AdminSetUserPassword", new { UserPoolId = _pool, Username = "alice", Password = password, Permanent = true }, "InvalidPasswordException");

        Assert.Equal(message, error.AwsMessage);
        Assert.Equal(before, await _gatehouse.SnapshotAsync(_pool));
        await _gatehouse.SignInAsync(_pool, _client, "alice");
    }

    [Fact]
    public async Task AdminSetUserPassword_validates_the_request_without_echoing_the_password()
    {
        var missing = await _gatehouse.FailAsync("AdminSetUserPassword", new { UserPoolId = _pool, Username = "alice" }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null", missing.AwsMessage);
        var blank = await _gatehouse.FailAsync("AdminSetUserPassword", new { UserPoolId = _pool, Username = "alice", Password = " secret " }, "InvalidParameterException");
        Assert.DoesNotContain("secret", blank.AwsMessage, StringComparison.Ordinal);
        Assert.StartsWith("1 validation error detected: Value at 'password' failed to satisfy constraint", blank.AwsMessage);
        await _gatehouse.FailAsync("AdminSetUserPassword", new { UserPoolId = _pool, Username = "nobody", Password = "N3w-secret", Permanent = true }, "UserNotFoundException");
    }

    [Fact]
    public async Task AdminResetUserPassword_sends_a_code_and_retires_the_old_password()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice", ("email", "alice@example.com"), ("email_verified", "true"));
        var tokens = (await _gatehouse.SignInAsync(_pool, _client, "alice"))["AuthenticationResult"]!;

        var response = await _gatehouse.CallAsync("AdminResetUserPassword", new { UserPoolId = _pool, Username = "alice" });

        Assert.Empty(response.AsObject());
        Assert.Equal("RESET_REQUIRED", await StatusAsync("alice"));
        var message = Assert.Single(await _gatehouse.OutboxAsync(_pool, "alice"))!;
        Assert.Equal("EMAIL", message["deliveryMedium"]!.GetValue<string>());
        Assert.Equal("alice@example.com", message["destination"]!.GetValue<string>());
        Assert.Matches("^[0-9]{6}$", message["code"]!.GetValue<string>());

        foreach (var password in new[] { UserSteps.Password, "Wrong-pass1" })
        {
            var error = await _gatehouse.SignInFailsAsync(_pool, _client, "alice", password, "PasswordResetRequiredException");
            Assert.Equal("Password reset required for the user", error.AwsMessage);
        }

        // Tokens issued before the reset still work, as in Cognito; an administrator can finish the cycle.
        await _gatehouse.CallAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() });
        await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = _pool, Username = "alice", Password = "N3w-secret", Permanent = true });
        Assert.Equal("CONFIRMED", await StatusAsync("alice"));
        await _gatehouse.SignInAsync(_pool, _client, "alice", "N3w-secret");
    }

    [Fact]
    public async Task AdminResetUserPassword_texts_a_verified_phone_when_the_email_is_unverified()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice", ("email", "alice@example.com"), ("phone_number", "+15555550100"), ("phone_number_verified", "true"));

        await _gatehouse.CallAsync("AdminResetUserPassword", new { UserPoolId = _pool, Username = "alice" });

        var message = Assert.Single(await _gatehouse.OutboxAsync(_pool, "alice"))!;
        Assert.Equal(("SMS", "+15555550100"), (message["deliveryMedium"]!.GetValue<string>(), message["destination"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AdminResetUserPassword_needs_a_verified_contact_and_a_settled_user()
    {
        await _gatehouse.CreateUserAsync(_pool, "unverified", ("email", "u@example.com"), ("email_verified", "false"));
        await CreateInvitedAsync("invited", ("email", "i@example.com"), ("email_verified", "true"));
        var before = await _gatehouse.SnapshotAsync(_pool);

        var noContact = await _gatehouse.FailAsync("AdminResetUserPassword", new { UserPoolId = _pool, Username = "unverified" }, "InvalidParameterException");
        Assert.Equal("Cannot reset password for the user as there is no registered/verified email or phone_number", noContact.AwsMessage);
        var invited = await _gatehouse.FailAsync("AdminResetUserPassword", new { UserPoolId = _pool, Username = "invited" }, "NotAuthorizedException");
        Assert.Equal("User password cannot be reset in the current state.", invited.AwsMessage);
        await _gatehouse.FailAsync("AdminResetUserPassword", new { UserPoolId = _pool, Username = "nobody" }, "UserNotFoundException");

        Assert.Equal(before, await _gatehouse.SnapshotAsync(_pool));
        await _gatehouse.SignInAsync(_pool, _client, "unverified");
    }

    private async Task CreateInvitedAsync(string username, params (string Name, string Value)[] attributes) =>
        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = _pool,
            Username = username,
            MessageAction = "SUPPRESS",
            TemporaryPassword = "Temp0rary!",
            UserAttributes = attributes.Select(a => new { a.Name, a.Value }).ToArray(),
        });

    private async Task<string> StatusAsync(string username) =>
        (await _gatehouse.GetUserAsync(_pool, username))["UserStatus"]!.GetValue<string>();
}
