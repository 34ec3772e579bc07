namespace Gatehouse.Server.Tests;

/// <summary>Pool and client settings that change behaviour, not just storage.</summary>
public sealed class PoolBehaviourTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Token_validity_and_units_are_enforced_in_the_tokens()
    {
        var s = await Scenario.CreateAsync(_gatehouse);
        var client = await _gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = s.PoolId,
            ClientName = "short",
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
            AccessTokenValidity = 5,
            IdTokenValidity = 2,
            RefreshTokenValidity = 60,
            TokenValidityUnits = new { AccessToken = "minutes", IdToken = "hours", RefreshToken = "minutes" },
        });
        var clientId = client["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        await s.SignUpConfirmedAsync("alice");
        var result = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = clientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "alice"), ("PASSWORD", Scenario.Password)),
        });
        var auth = result["AuthenticationResult"]!;
        Assert.Equal(300, auth["ExpiresIn"]!.GetValue<int>());
        var access = Scenario.Payload(auth["AccessToken"]!.GetValue<string>());
        var id = Scenario.Payload(auth["IdToken"]!.GetValue<string>());
        Assert.Equal(300, access["exp"]!.GetValue<long>() - access["iat"]!.GetValue<long>());
        Assert.Equal(7200, id["exp"]!.GetValue<long>() - id["iat"]!.GetValue<long>());

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "REFRESH_TOKEN_AUTH",
            ClientId = clientId,
            AuthParameters = Scenario.Parameters(("REFRESH_TOKEN", auth["RefreshToken"]!.GetValue<string>())),
        }, "NotAuthorizedException");
        Assert.Equal("Refresh Token has expired", expired.AwsMessage);
    }

    [Fact]
    public async Task Out_of_range_validity_is_refused()
    {
        var s = await Scenario.CreateAsync(_gatehouse);
        await _gatehouse.FailAsync("CreateUserPoolClient", new { UserPoolId = s.PoolId, ClientName = "bad", AccessTokenValidity = 2, TokenValidityUnits = new { AccessToken = "days" } }, "InvalidParameterException");
        await _gatehouse.FailAsync("CreateUserPoolClient", new { UserPoolId = s.PoolId, ClientName = "bad", IdTokenValidity = 1, TokenValidityUnits = new { IdToken = "minutes" } }, "InvalidParameterException");
    }

    [Fact]
    public async Task Read_attributes_limit_what_tokens_and_GetUser_show()
    {
        var s = await Scenario.CreateAsync(_gatehouse);
        var client = await _gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = s.PoolId,
            ClientName = "narrow",
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH" },
            ReadAttributes = new[] { "email", "email_verified" },
            WriteAttributes = new[] { "email", "name" },
        });
        var clientId = client["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        await _gatehouse.CallAsync("SignUp", new
        {
            ClientId = clientId,
            Username = "bob",
            Password = Scenario.Password,
            UserAttributes = new[] { new { Name = "email", Value = "bob@example.com" }, new { Name = "name", Value = "Bob" } },
        });
        var denied = await _gatehouse.FailAsync("SignUp", new
        {
            ClientId = clientId,
            Username = "eve",
            Password = Scenario.Password,
            UserAttributes = new[] { new { Name = "family_name", Value = "X" } },
        }, "NotAuthorizedException");
        Assert.Equal("A client attempted to write unauthorized attribute", denied.AwsMessage);

        await _gatehouse.CallAsync("AdminConfirmSignUp", new { UserPoolId = s.PoolId, Username = "bob" });
        var result = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = clientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "bob"), ("PASSWORD", Scenario.Password)),
        });
        var id = Scenario.Payload(result["AuthenticationResult"]!["IdToken"]!.GetValue<string>());
        Assert.Equal("bob@example.com", id["email"]!.GetValue<string>());
        Assert.Null(id["name"]);
        var user = await _gatehouse.CallAsync("GetUser", new { AccessToken = result["AuthenticationResult"]!["AccessToken"]!.GetValue<string>() });
        Assert.DoesNotContain(user["UserAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "name");
    }

    [Fact]
    public async Task Case_insensitive_pools_fold_usernames_but_keep_their_case()
    {
        var s = await Scenario.CreateAsync(_gatehouse, poolSettings: new { PoolName = "ci", AutoVerifiedAttributes = new[] { "email" }, UsernameConfiguration = new { CaseSensitive = false } });
        await s.SignUpConfirmedAsync("Alice");
        await s.SignInAsync("ALICE");
        var user = await _gatehouse.CallAsync("AdminGetUser", new { UserPoolId = s.PoolId, Username = "alice" });
        Assert.Equal("Alice", user["Username"]!.GetValue<string>());
        await _gatehouse.FailAsync("SignUp", new { s.ClientId, Username = "aLiCe", Password = Scenario.Password }, "UsernameExistsException");

        var sensitive = await Scenario.CreateAsync(_gatehouse);
        await sensitive.SignUpConfirmedAsync("Bob");
        await Assert.ThrowsAsync<CognitoError>(() => sensitive.SignInAsync("bob"));
    }

    [Fact]
    public async Task Verified_aliases_sign_in_and_must_be_unique()
    {
        var s = await Scenario.CreateAsync(_gatehouse, poolSettings: new { PoolName = "alias", AliasAttributes = new[] { "email", "preferred_username" }, AutoVerifiedAttributes = new[] { "email" } });
        await s.SignUpConfirmedAsync("carol", "carol@example.com");
        await s.SignInAsync("carol@example.com");

        await _gatehouse.CallAsync("SignUp", new { s.ClientId, Username = "carol2", Password = Scenario.Password, UserAttributes = new[] { new { Name = "email", Value = "carol@example.com" } } });
        var code = await s.LatestCodeAsync("carol2");
        var taken = await _gatehouse.FailAsync("ConfirmSignUp", new { s.ClientId, Username = "carol2", ConfirmationCode = code }, "AliasExistsException");
        Assert.Equal("An account with the given email already exists.", taken.AwsMessage);
    }

    [Fact]
    public async Task Admin_only_pools_refuse_self_sign_up()
    {
        var s = await Scenario.CreateAsync(_gatehouse, poolSettings: new { PoolName = "closed", AdminCreateUserConfig = new { AllowAdminCreateUserOnly = true } });
        var error = await _gatehouse.FailAsync("SignUp", new { s.ClientId, Username = "dan", Password = Scenario.Password }, "NotAuthorizedException");
        Assert.Equal("SignUp is not permitted for this user pool", error.AwsMessage);
    }

    [Fact]
    public async Task Required_attributes_are_enforced_on_sign_up_and_asked_for_in_the_new_password_challenge()
    {
        var s = await Scenario.CreateAsync(_gatehouse, poolSettings: new
        {
            PoolName = "required",
            Schema = new[] { new { Name = "given_name", AttributeDataType = "String", Required = true, Mutable = true } },
        });
        var missing = await _gatehouse.FailAsync("SignUp", new { s.ClientId, Username = "erin", Password = Scenario.Password }, "InvalidParameterException");
        Assert.Equal("Attributes did not conform to the schema: given_name: The attribute is required", missing.AwsMessage);

        await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = s.PoolId, Username = "fay", TemporaryPassword = "Temp0rary!", MessageAction = "SUPPRESS" });
        var challenge = await s.SignInAsync("fay", "Temp0rary!");
        Assert.Equal("[\"userAttributes.given_name\"]", challenge["ChallengeParameters"]!["requiredAttributes"]!.GetValue<string>());
        var session = challenge["Session"]!.GetValue<string>();
        await _gatehouse.FailAsync("RespondToAuthChallenge", new
        {
            s.ClientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = session,
            ChallengeResponses = Scenario.Parameters(("USERNAME", "fay"), ("NEW_PASSWORD", "N3wPassword!")),
        }, "InvalidParameterException");
        var done = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            s.ClientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = session,
            ChallengeResponses = Scenario.Parameters(("USERNAME", "fay"), ("NEW_PASSWORD", "N3wPassword!"), ("userAttributes.given_name", "Fay")),
        });
        Assert.Equal("Fay", Scenario.Payload(done["AuthenticationResult"]!["IdToken"]!.GetValue<string>())["given_name"]!.GetValue<string>());
    }
}
