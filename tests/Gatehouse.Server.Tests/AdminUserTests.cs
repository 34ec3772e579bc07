namespace Gatehouse.Server.Tests;

/// <summary>AdminDeleteUser, AdminDisableUser, AdminEnableUser, AdminUserGlobalSignOut and the attribute actions.</summary>
public sealed class AdminUserTests : IAsyncLifetime
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
    public async Task AdminDeleteUser_removes_the_user_and_kills_its_tokens()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice", ("email", "alice@example.com"));
        var tokens = (await _gatehouse.SignInAsync(_pool, _client, "alice"))["AuthenticationResult"]!;

        Assert.Empty((await _gatehouse.CallAsync("AdminDeleteUser", new { UserPoolId = _pool, Username = "alice" })).AsObject());

        var missing = await _gatehouse.FailAsync("AdminGetUser", new { UserPoolId = _pool, Username = "alice" }, "UserNotFoundException");
        Assert.Equal("User does not exist.", missing.AwsMessage);
        var revoked = await _gatehouse.FailAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, "NotAuthorizedException");
        Assert.Equal("Access Token has been revoked", revoked.AwsMessage);
        await Assert.ThrowsAsync<CognitoError>(() => _gatehouse.RefreshAsync(_pool, _client, tokens["RefreshToken"]!.GetValue<string>()));
        Assert.Empty((await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool }))["Users"]!.AsArray());

        // The name is free again, and the new user is not haunted by the old one's revocation.
        await _gatehouse.CreateUserAsync(_pool, "alice");
        var fresh = (await _gatehouse.SignInAsync(_pool, _client, "alice"))["AuthenticationResult"]!;
        await _gatehouse.CallAsync("GetUser", new { AccessToken = fresh["AccessToken"]!.GetValue<string>() });
    }

    [Theory]
    [InlineData("AdminDeleteUser")]
    [InlineData("AdminDisableUser")]
    [InlineData("AdminEnableUser")]
    [InlineData("AdminUserGlobalSignOut")]
    public async Task User_actions_answer_AWS_errors_and_change_nothing(string action)
    {
        await _gatehouse.CreateUserAsync(_pool, "alice");
        var before = await _gatehouse.SnapshotAsync(_pool);

        var missing = await _gatehouse.FailAsync(action, new { UserPoolId = _pool, Username = "bob" }, "UserNotFoundException");
        Assert.Equal("User does not exist.", missing.AwsMessage);
        var noPool = await _gatehouse.FailAsync(action, new { UserPoolId = "us-east-1_nothere12", Username = "alice" }, "ResourceNotFoundException");
        Assert.Equal("User pool us-east-1_nothere12 does not exist.", noPool.AwsMessage);
        var invalid = await _gatehouse.FailAsync(action, new { UserPoolId = _pool }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null", invalid.AwsMessage);
        await _gatehouse.FailAsync(action, new { UserPoolId = "not a pool id", Username = "alice" }, "InvalidParameterException");

        Assert.Equal(before, await _gatehouse.SnapshotAsync(_pool));
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_loses_its_tokens()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice");
        var tokens = (await _gatehouse.SignInAsync(_pool, _client, "alice"))["AuthenticationResult"]!;
        var accessToken = tokens["AccessToken"]!.GetValue<string>();
        await _gatehouse.CallAsync("GetUser", new { AccessToken = accessToken });

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await _gatehouse.CallAsync("AdminDisableUser", new { UserPoolId = _pool, Username = "alice" })).AsObject());

        var user = await _gatehouse.GetUserAsync(_pool, "alice");
        Assert.False(user["Enabled"]!.GetValue<bool>());
        Assert.Equal("CONFIRMED", user["UserStatus"]!.GetValue<string>());
        Assert.True(user["UserLastModifiedDate"]!.GetValue<double>() > user["UserCreateDate"]!.GetValue<double>());
        var disabled = await _gatehouse.SignInFailsAsync(_pool, _client, "alice", UserSteps.Password, "NotAuthorizedException");
        Assert.Equal("User is disabled.", disabled.AwsMessage);
        var revoked = await _gatehouse.FailAsync("GetUser", new { AccessToken = accessToken }, "NotAuthorizedException");
        Assert.Equal("Access Token has been revoked", revoked.AwsMessage);
        await _gatehouse.FailAsync("AdminInitiateAuth", new
        {
            UserPoolId = _pool,
            ClientId = _client,
            AuthFlow = "REFRESH_TOKEN_AUTH",
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = tokens["RefreshToken"]!.GetValue<string>() },
        }, "NotAuthorizedException");

        // Disabling twice is harmless; enabling lets the user back in, but the old sign-in stays dead.
        await _gatehouse.CallAsync("AdminDisableUser", new { UserPoolId = _pool, Username = "alice" });
        Assert.Empty((await _gatehouse.CallAsync("AdminEnableUser", new { UserPoolId = _pool, Username = "alice" })).AsObject());
        Assert.True((await _gatehouse.GetUserAsync(_pool, "alice"))["Enabled"]!.GetValue<bool>());
        var again = (await _gatehouse.SignInAsync(_pool, _client, "alice"))["AuthenticationResult"]!;
        await _gatehouse.CallAsync("GetUser", new { AccessToken = again["AccessToken"]!.GetValue<string>() });
        await _gatehouse.FailAsync("GetUser", new { AccessToken = accessToken }, "NotAuthorizedException");
    }

    [Fact]
    public async Task AdminUserGlobalSignOut_ends_every_sign_in_of_the_user_only()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice");
        await _gatehouse.CreateUserAsync(_pool, "bob");
        var first = (await _gatehouse.SignInAsync(_pool, _client, "alice"))["AuthenticationResult"]!;
        var second = (await _gatehouse.SignInAsync(_pool, _client, "alice"))["AuthenticationResult"]!;
        var bob = (await _gatehouse.SignInAsync(_pool, _client, "bob"))["AuthenticationResult"]!;

        Assert.Empty((await _gatehouse.CallAsync("AdminUserGlobalSignOut", new { UserPoolId = _pool, Username = "alice" })).AsObject());

        foreach (var tokens in new[] { first, second })
        {
            var error = await _gatehouse.FailAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, "NotAuthorizedException");
            Assert.Equal("Access Token has been revoked", error.AwsMessage);
            await Assert.ThrowsAsync<CognitoError>(() => _gatehouse.RefreshAsync(_pool, _client, tokens["RefreshToken"]!.GetValue<string>()));
        }

        await _gatehouse.CallAsync("GetUser", new { AccessToken = bob["AccessToken"]!.GetValue<string>() });
        await _gatehouse.RefreshAsync(_pool, _client, bob["RefreshToken"]!.GetValue<string>());
        var user = await _gatehouse.GetUserAsync(_pool, "alice");
        Assert.True(user["Enabled"]!.GetValue<bool>());
        var fresh = (await _gatehouse.SignInAsync(_pool, _client, "alice"))["AuthenticationResult"]!;
        await _gatehouse.CallAsync("GetUser", new { AccessToken = fresh["AccessToken"]!.GetValue<string>() });
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_writes_attributes_and_unverifies_changed_contacts()
    {
        var pool = await _gatehouse.CreatePoolAsync(new { PoolName = "custom", Schema = new[] { new { Name = "tier", AttributeDataType = "String" } } });
        await _gatehouse.CreateUserAsync(pool, "alice", ("email", "alice@example.com"), ("email_verified", "true"), ("phone_number", "+15555550100"), ("phone_number_verified", "true"));

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(1));
        var response = await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "alice",
            UserAttributes = new[]
            {
                new { Name = "given_name", Value = "Alice" },
                new { Name = "custom:tier", Value = "gold" },
                new { Name = "email", Value = "alice@new.example.com" },
                new { Name = "phone_number", Value = "+15555550100" },
            },
        });
        Assert.Empty(response.AsObject());

        var attributes = await _gatehouse.AttributesAsync(pool, "alice");
        Assert.Equal("Alice", attributes["given_name"]);
        Assert.Equal("gold", attributes["custom:tier"]);
        Assert.Equal("alice@new.example.com", attributes["email"]);
        Assert.Equal("false", attributes["email_verified"]);
        Assert.Equal("true", attributes["phone_number_verified"]);
        var user = await _gatehouse.GetUserAsync(pool, "alice");
        Assert.True(user["UserLastModifiedDate"]!.GetValue<double>() > user["UserCreateDate"]!.GetValue<double>());

        // An administrator may vouch for the new address in the same request.
        await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "alice",
            UserAttributes = new[] { new { Name = "email", Value = "a@example.com" }, new { Name = "email_verified", Value = "true" } },
        });
        attributes = await _gatehouse.AttributesAsync(pool, "alice");
        Assert.Equal(("a@example.com", "true"), (attributes["email"], attributes["email_verified"]));
        Assert.Empty(await _gatehouse.OutboxAsync(pool));
    }

    [Fact]
    public async Task A_changed_auto_verified_email_gets_a_verification_code()
    {
        var pool = await _gatehouse.CreatePoolAsync(new { PoolName = "verified", AutoVerifiedAttributes = new[] { "email" } });
        await _gatehouse.CreateUserAsync(pool, "alice", ("email", "alice@example.com"), ("email_verified", "true"));

        await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "alice",
            UserAttributes = new[] { new { Name = "email", Value = "alice@new.example.com" } },
        });

        var message = Assert.Single(await _gatehouse.OutboxAsync(pool, "alice"))!;
        Assert.Equal("alice@new.example.com", message["destination"]!.GetValue<string>());
        Assert.Matches("^[0-9]{6}$", message["code"]!.GetValue<string>());
        Assert.Equal("false", (await _gatehouse.AttributesAsync(pool, "alice"))["email_verified"]);
    }

    [Theory]
    [InlineData("sub", "x", "Attributes did not conform to the schema: Cannot modify the non-mutable attribute sub")]
    [InlineData("foo", "x", "Attributes did not conform to the schema: Type for attribute {foo} could not be determined")]
    [InlineData("email", "not-an-email", "Invalid email address format.")]
    [InlineData("phone_number", "555", "Invalid phone number format.")]
    [InlineData("email_verified", "yes", "Attributes did not conform to the schema: email_verified: Value must be a boolean")]
    [InlineData("birthdate", "2020", "Attributes did not conform to the schema: birthdate: String must be no shorter than 10 characters")]
    public async Task AdminUpdateUserAttributes_rejects_schema_violations_and_changes_nothing(string name, string value, string message)
    {
        await _gatehouse.CreateUserAsync(_pool, "alice", ("email", "alice@example.com"));
        var before = await _gatehouse.SnapshotAsync(_pool);

        var error = await _gatehouse.FailAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = _pool,
            Username = "alice",
            UserAttributes = new[] { new { Name = "given_name", Value = "Alice" }, new { Name = name, Value = value } },
        }, "InvalidParameterException");

        Assert.Equal(message, error.AwsMessage);
        Assert.Equal(before, await _gatehouse.SnapshotAsync(_pool));
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_validates_the_request()
    {
        var error = await _gatehouse.FailAsync("AdminUpdateUserAttributes", new { UserPoolId = _pool, Username = "alice" }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value null at 'userAttributes' failed to satisfy constraint: Member must not be null", error.AwsMessage);
        var missing = await _gatehouse.FailAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = _pool,
            Username = "nobody",
            UserAttributes = new[] { new { Name = "given_name", Value = "X" } },
        }, "UserNotFoundException");
        Assert.Equal("User does not exist.", missing.AwsMessage);
    }

    [Fact]
    public async Task A_verified_alias_belongs_to_one_user()
    {
        var pool = await _gatehouse.CreatePoolAsync(new { PoolName = "aliases", AliasAttributes = new[] { "email" } });
        await _gatehouse.CreateUserAsync(pool, "alice", ("email", "shared@example.com"), ("email_verified", "true"));
        await _gatehouse.CreateUserAsync(pool, "bob", ("email", "bob@example.com"), ("email_verified", "true"));
        var before = await _gatehouse.SnapshotAsync(pool);

        var error = await _gatehouse.FailAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "bob",
            UserAttributes = new[] { new { Name = "email", Value = "shared@example.com" }, new { Name = "email_verified", Value = "true" } },
        }, "AliasExistsException");
        Assert.Equal("An account with the given email already exists.", error.AwsMessage);
        Assert.Equal(before, await _gatehouse.SnapshotAsync(pool));

        // Unverified, the address is no alias and may be shared.
        await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "bob",
            UserAttributes = new[] { new { Name = "email", Value = "shared@example.com" } },
        });
        Assert.Equal("false", (await _gatehouse.AttributesAsync(pool, "bob"))["email_verified"]);
    }

    [Fact]
    public async Task An_email_that_signs_in_cannot_be_taken_by_another_user()
    {
        var pool = await _gatehouse.CreatePoolAsync(new { PoolName = "by-email", UsernameAttributes = new[] { "email" } });
        await _gatehouse.CreateUserAsync(pool, "alice@example.com");
        await _gatehouse.CreateUserAsync(pool, "bob@example.com");

        var error = await _gatehouse.FailAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "bob@example.com",
            UserAttributes = new[] { new { Name = "email", Value = "alice@example.com" } },
        }, "AliasExistsException");
        Assert.Equal("An account with the given email already exists.", error.AwsMessage);
        Assert.Equal("bob@example.com", (await _gatehouse.AttributesAsync(pool, "bob@example.com"))["email"]);
    }

    [Fact]
    public async Task AdminDeleteUserAttributes_removes_attributes()
    {
        await _gatehouse.CreateUserAsync(_pool, "alice", ("email", "alice@example.com"), ("email_verified", "true"), ("given_name", "Alice"), ("family_name", "A"));

        var response = await _gatehouse.CallAsync("AdminDeleteUserAttributes", new
        {
            UserPoolId = _pool,
            Username = "alice",
            UserAttributeNames = new[] { "given_name", "email", "nickname" },
        });

        Assert.Empty(response.AsObject());
        var attributes = await _gatehouse.AttributesAsync(_pool, "alice");
        Assert.Equal(new[] { "family_name", "sub" }, attributes.Keys.Order(StringComparer.Ordinal));
        var byEmail = await _gatehouse.CallAsync("ListUsers", new { UserPoolId = _pool, Filter = "email = \"alice@example.com\"" });
        Assert.Empty(byEmail["Users"]!.AsArray());
    }

    [Theory]
    [InlineData("email", "Attributes did not conform to the schema: email: The attribute is required")]
    [InlineData("sub", "Attributes did not conform to the schema: Cannot modify the non-mutable attribute sub")]
    [InlineData("custom:fixed", "Attributes did not conform to the schema: Cannot modify the non-mutable attribute custom:fixed")]
    [InlineData("foo", "Attributes did not conform to the schema: Type for attribute {foo} could not be determined")]
    public async Task AdminDeleteUserAttributes_keeps_what_the_schema_requires(string name, string message)
    {
        var pool = await _gatehouse.CreatePoolAsync(new
        {
            PoolName = "required",
            Schema = new object[]
            {
                new { Name = "email", AttributeDataType = "String", Required = true, Mutable = true },
                new { Name = "fixed", AttributeDataType = "String", Mutable = false },
            },
        });
        await _gatehouse.CreateUserAsync(pool, "alice", ("email", "alice@example.com"), ("given_name", "Alice"), ("custom:fixed", "x"));
        var before = await _gatehouse.SnapshotAsync(pool);

        var error = await _gatehouse.FailAsync("AdminDeleteUserAttributes", new
        {
            UserPoolId = pool,
            Username = "alice",
            UserAttributeNames = new[] { "given_name", name },
        }, "InvalidParameterException");

        Assert.Equal(message, error.AwsMessage);
        Assert.Equal(before, await _gatehouse.SnapshotAsync(pool));
    }

    [Fact]
    public async Task AdminDeleteUserAttributes_validates_the_request()
    {
        var error = await _gatehouse.FailAsync("AdminDeleteUserAttributes", new { UserPoolId = _pool, Username = "alice" }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null", error.AwsMessage);
        error = await _gatehouse.FailAsync("AdminDeleteUserAttributes", new
        {
            UserPoolId = _pool,
            Username = "alice",
            UserAttributeNames = new[] { new string('a', 33) },
        }, "InvalidParameterException");
        Assert.EndsWith("at 'userAttributeNames.1.member' failed to satisfy constraint: Member must have length less than or equal to 32", error.AwsMessage);
        await _gatehouse.FailAsync("AdminDeleteUserAttributes", new { UserPoolId = _pool, Username = "nobody", UserAttributeNames = new[] { "name" } }, "UserNotFoundException");
    }
}
