namespace Gatehouse.Server.Tests;

/// <summary>ForgotPassword, ConfirmForgotPassword and ResendConfirmationCode.</summary>
public sealed class SelfServiceTests(SelfServiceFixture fixture) : IClassFixture<SelfServiceFixture>, IAsyncLifetime
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
    public async Task Forgot_and_confirm_forgot_password_replace_the_password()
    {
        var response = await ForgotAsync(_alice);
        var delivery = response["CodeDeliveryDetails"]!;
        Assert.Equal("a***@e***", delivery["Destination"]!.GetValue<string>());
        Assert.Equal("EMAIL", delivery["DeliveryMedium"]!.GetValue<string>());
        Assert.Equal("email", delivery["AttributeName"]!.GetValue<string>());

        await ConfirmAsync(_alice, await _pool.CodeAsync(_alice));

        var error = await _pool.SignInFailsAsync(_alice, SelfServicePool.Password, "NotAuthorizedException");
        Assert.Equal("Incorrect username or password.", error.AwsMessage);
        Assert.NotNull((await _pool.SignInAsync(_alice, SelfServicePool.NewPassword))["AccessToken"]);
    }

    [Fact]
    public async Task The_old_password_works_until_the_reset_is_confirmed()
    {
        await ForgotAsync(_alice);
        Assert.NotNull((await _pool.SignInAsync(_alice))["AccessToken"]);
    }

    [Fact]
    public async Task A_reset_code_expires_after_an_hour()
    {
        await ForgotAsync(_alice);
        var code = await _pool.CodeAsync(_alice);
        _gatehouse.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var before = await _pool.SnapshotAsync(_alice);

        var error = await ConfirmFailsAsync(_alice, code, "ExpiredCodeException");
        Assert.Equal("Invalid code provided, please request a code again.", error.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));
        Assert.NotNull((await _pool.SignInAsync(_alice))["AccessToken"]);
    }

    [Fact]
    public async Task Wrong_codes_are_mismatches_and_five_of_them_use_the_code_up()
    {
        await ForgotAsync(_alice);
        var code = await _pool.CodeAsync(_alice);
        var wrong = code == "000000" ? "111111" : "000000";
        var before = await _pool.SnapshotAsync(_alice);
        for (var i = 0; i < 5; i++)
        {
            var error = await ConfirmFailsAsync(_alice, wrong, "CodeMismatchException");
            Assert.Equal("Invalid verification code provided, please try again.", error.AwsMessage);
        }

        var exhausted = await ConfirmFailsAsync(_alice, code, "TooManyFailedAttemptsException");
        Assert.Equal("Too many failed attempts. Request a new code.", exhausted.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));
        Assert.NotNull((await _pool.SignInAsync(_alice))["AccessToken"]);

        // A new request issues a fresh code with fresh attempts.
        await ForgotAsync(_alice);
        await ConfirmAsync(_alice, await _pool.CodeAsync(_alice));
    }

    [Fact]
    public async Task A_reset_code_works_once()
    {
        await ForgotAsync(_alice);
        var code = await _pool.CodeAsync(_alice);
        await ConfirmAsync(_alice, code);
        await ConfirmFailsAsync(_alice, code, "CodeMismatchException");
    }

    [Fact]
    public async Task A_password_that_breaks_the_policy_leaves_the_code_usable()
    {
        await ForgotAsync(_alice);
        var code = await _pool.CodeAsync(_alice);
        var before = await _pool.SnapshotAsync(_alice);
        var error = await _pool.FailAsync(
            "ConfirmForgotPassword", new { _pool.ClientId, Username = _alice, ConfirmationCode = code, Password = "short" }, "InvalidPasswordException");
        Assert.Equal("Password did not conform with policy: Password not long enough", error.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));
        await ConfirmAsync(_alice, code);
    }

    [Fact]
    public async Task Requests_for_codes_are_limited_per_user_and_hour()
    {
        for (var i = 0; i < 5; i++)
        {
            await ForgotAsync(_alice);
        }

        var before = await _pool.SnapshotAsync(_alice);
        var error = await _pool.FailAsync("ForgotPassword", new { _pool.ClientId, Username = _alice }, "LimitExceededException");
        Assert.Equal("Attempt limit exceeded, please try after some time.", error.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));

        _gatehouse.Clock.Advance(TimeSpan.FromHours(1));
        await ForgotAsync(_alice);
    }

    [Fact]
    public async Task Unknown_users_are_reported_unless_the_client_hides_them()
    {
        var error = await _pool.FailAsync("ForgotPassword", new { _pool.ClientId, Username = "nobody" }, "UserNotFoundException");
        Assert.Equal("Username/client id combination not found.", error.AwsMessage);

        var hiding = await fixture.PoolAsync("hiding", g => SelfServicePool.CreateAsync(g, hideUsers: true));
        var response = await hiding.CallAsync("ForgotPassword", new { hiding.ClientId, Username = "nobody" });
        var delivery = response["CodeDeliveryDetails"]!;
        Assert.Equal("EMAIL", delivery["DeliveryMedium"]!.GetValue<string>());
        Assert.Matches(@"^n\*\*\*@[a-z]\*\*\*$", delivery["Destination"]!.GetValue<string>());
        Assert.Empty(await hiding.MessagesAsync("nobody"));
        var again = await hiding.CallAsync("ForgotPassword", new { hiding.ClientId, Username = "nobody" });
        Assert.Equal(response.ToJsonString(), again.ToJsonString());

        await hiding.FailAsync(
            "ConfirmForgotPassword",
            new { hiding.ClientId, Username = "nobody", ConfirmationCode = "123456", Password = SelfServicePool.NewPassword },
            "CodeMismatchException");
        var resent = await hiding.CallAsync("ResendConfirmationCode", new { hiding.ClientId, Username = "nobody" });
        Assert.Equal(delivery.ToJsonString(), resent["CodeDeliveryDetails"]!.ToJsonString());
        Assert.Empty(await hiding.MessagesAsync("nobody"));
    }

    [Fact]
    public async Task Users_without_a_verified_contact_cannot_reset()
    {
        var bob = fixture.Name("bob");
        await _pool.CallAsync("AdminCreateUser", new
        {
            UserPoolId = _pool.PoolId,
            Username = bob,
            TemporaryPassword = "Temp0rary!",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = bob + "@example.com" } },
        });
        var before = await _pool.SnapshotAsync(bob);
        var error = await _pool.FailAsync("ForgotPassword", new { _pool.ClientId, Username = bob }, "InvalidParameterException");
        Assert.Equal("Cannot reset password for the user as there is no registered/verified email or phone_number", error.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(bob));
    }

    [Fact]
    public async Task A_reset_confirms_a_user_who_had_to_change_a_temporary_password()
    {
        var carol = fixture.Name("carol");
        await _pool.CallAsync("AdminCreateUser", new
        {
            UserPoolId = _pool.PoolId,
            Username = carol,
            TemporaryPassword = "Temp0rary!",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = carol + "@example.com" }, new { Name = "email_verified", Value = "true" } },
        });
        await ForgotAsync(carol);
        await ConfirmAsync(carol, await _pool.CodeAsync(carol));

        Assert.Equal("CONFIRMED", (await _pool.AdminGetUserAsync(carol))["UserStatus"]!.GetValue<string>());
        Assert.NotNull((await _pool.SignInAsync(carol, SelfServicePool.NewPassword))["AccessToken"]);
    }

    [Fact]
    public async Task A_reset_lifts_the_sign_in_lockout()
    {
        for (var i = 0; i < 6; i++)
        {
            await _pool.SignInFailsAsync(_alice, "Wr0ng-password!", "NotAuthorizedException");
        }

        var locked = await _pool.SignInFailsAsync(_alice, SelfServicePool.Password, "NotAuthorizedException");
        Assert.Equal("Password attempts exceeded", locked.AwsMessage);

        await ForgotAsync(_alice);
        await ConfirmAsync(_alice, await _pool.CodeAsync(_alice));
        Assert.NotNull((await _pool.SignInAsync(_alice, SelfServicePool.NewPassword))["AccessToken"]);
    }

    [Fact]
    public async Task Clients_with_a_secret_need_the_secret_hash()
    {
        var dave = fixture.Name("dave");
        var secret = await fixture.PoolAsync("secret", g => SelfServicePool.CreateAsync(g, secret: true));
        await secret.SignUpConfirmedAsync(dave, dave + "@example.com");
        var error = await secret.FailAsync("ForgotPassword", new { secret.ClientId, Username = dave }, "NotAuthorizedException");
        Assert.Equal($"Client {secret.ClientId} is configured for secret but secret was not received", error.AwsMessage);

        await secret.CallAsync("ForgotPassword", new { secret.ClientId, Username = dave, SecretHash = secret.Hash(dave) });
        await secret.CallAsync("ConfirmForgotPassword", new
        {
            secret.ClientId,
            Username = dave,
            SecretHash = secret.Hash(dave),
            ConfirmationCode = await secret.CodeAsync(dave),
            Password = SelfServicePool.NewPassword,
        });
    }

    [Fact]
    public async Task Resending_a_sign_up_code_replaces_the_previous_one()
    {
        var erin = fixture.Name("erin");
        await _pool.CallAsync("SignUp", new
        {
            _pool.ClientId,
            Username = erin,
            Password = SelfServicePool.Password,
            UserAttributes = new[] { new { Name = "email", Value = erin + "@example.com" } },
        });
        var first = await _pool.CodeAsync(erin);
        var response = await _pool.CallAsync("ResendConfirmationCode", new { _pool.ClientId, Username = erin });
        Assert.Equal("e***@e***", response["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>());
        var second = await _pool.CodeAsync(erin);
        Assert.Equal(2, (await _pool.MessagesAsync(erin)).Count);

        if (first != second)
        {
            await _pool.FailAsync("ConfirmSignUp", new { _pool.ClientId, Username = erin, ConfirmationCode = first }, "CodeMismatchException");
        }

        await _pool.CallAsync("ConfirmSignUp", new { _pool.ClientId, Username = erin, ConfirmationCode = second });
        var error = await _pool.FailAsync("ResendConfirmationCode", new { _pool.ClientId, Username = erin }, "InvalidParameterException");
        Assert.Equal("User is already confirmed.", error.AwsMessage);
    }

    [Fact]
    public async Task Resending_is_limited_like_other_code_requests()
    {
        var frank = fixture.Name("frank");
        await _pool.CallAsync("SignUp", new
        {
            _pool.ClientId,
            Username = frank,
            Password = SelfServicePool.Password,
            UserAttributes = new[] { new { Name = "email", Value = frank + "@example.com" } },
        });
        for (var i = 0; i < 5; i++)
        {
            await _pool.CallAsync("ResendConfirmationCode", new { _pool.ClientId, Username = frank });
        }

        var before = await _pool.SnapshotAsync(frank);
        await _pool.FailAsync("ResendConfirmationCode", new { _pool.ClientId, Username = frank }, "LimitExceededException");
        Assert.Equal(before, await _pool.SnapshotAsync(frank));
        var error = await _pool.FailAsync("ResendConfirmationCode", new { _pool.ClientId, Username = "nobody" }, "UserNotFoundException");
        Assert.Equal("Username/client id combination not found.", error.AwsMessage);
    }

    private Task<System.Text.Json.Nodes.JsonNode> ForgotAsync(string username) =>
        _pool.CallAsync("ForgotPassword", new { _pool.ClientId, Username = username });

    private Task ConfirmAsync(string username, string code) =>
        _pool.CallAsync("ConfirmForgotPassword", new { _pool.ClientId, Username = username, ConfirmationCode = code, Password = SelfServicePool.NewPassword });

    private Task<CognitoError> ConfirmFailsAsync(string username, string code, string expectedType) =>
        _pool.FailAsync(
            "ConfirmForgotPassword",
            new { _pool.ClientId, Username = username, ConfirmationCode = code, Password = SelfServicePool.NewPassword },
            expectedType);
}
