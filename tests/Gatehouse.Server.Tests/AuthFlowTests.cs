namespace Gatehouse.Server.Tests;

/// <summary>Sign-up, confirmation, password sign-in, refresh and NEW_PASSWORD_REQUIRED, as Cognito does them.</summary>
public sealed class AuthFlowTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _s = await Scenario.CreateAsync(_gatehouse);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Sign_up_sends_a_code_and_confirmation_verifies_the_email()
    {
        var result = await _gatehouse.CallAsync("SignUp", new
        {
            _s.ClientId,
            Username = "alice",
            Password = Scenario.Password,
            UserAttributes = new[] { new { Name = "email", Value = "alice@example.com" } },
        });
        Assert.False(result["UserConfirmed"]!.GetValue<bool>());
        Assert.Equal("EMAIL", result["CodeDeliveryDetails"]!["DeliveryMedium"]!.GetValue<string>());
        Assert.Equal("a***@e***", result["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", result["UserSub"]!.GetValue<string>());

        var unconfirmed = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "alice"), ("PASSWORD", Scenario.Password)),
        }, "UserNotConfirmedException");
        Assert.Equal("User is not confirmed.", unconfirmed.AwsMessage);

        var code = await _s.LatestCodeAsync("alice");
        Assert.Matches("^[0-9]{6}$", code);
        await _gatehouse.CallAsync("ConfirmSignUp", new { _s.ClientId, Username = "alice", ConfirmationCode = code });
        var user = await _gatehouse.CallAsync("AdminGetUser", new { UserPoolId = _s.PoolId, Username = "alice" });
        Assert.Equal("CONFIRMED", user["UserStatus"]!.GetValue<string>());
        Assert.Contains(user["UserAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "email_verified" && a["Value"]!.GetValue<string>() == "true");

        var again = await _gatehouse.FailAsync("ConfirmSignUp", new { _s.ClientId, Username = "alice", ConfirmationCode = code }, "NotAuthorizedException");
        Assert.Equal("User cannot be confirmed. Current status is CONFIRMED", again.AwsMessage);
    }

    [Fact]
    public async Task Wrong_confirmation_codes_are_counted_and_expire()
    {
        await _gatehouse.CallAsync("SignUp", new
        {
            _s.ClientId,
            Username = "bob",
            Password = Scenario.Password,
            UserAttributes = new[] { new { Name = "email", Value = "bob@example.com" } },
        });
        var code = await _s.LatestCodeAsync("bob");
        var wrong = code == "000000" ? "111111" : "000000";
        var mismatch = await _gatehouse.FailAsync("ConfirmSignUp", new { _s.ClientId, Username = "bob", ConfirmationCode = wrong }, "CodeMismatchException");
        Assert.Equal("Invalid verification code provided, please try again.", mismatch.AwsMessage);

        _gatehouse.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var expired = await _gatehouse.FailAsync("ConfirmSignUp", new { _s.ClientId, Username = "bob", ConfirmationCode = code }, "ExpiredCodeException");
        Assert.Equal("Invalid code provided, please request a code again.", expired.AwsMessage);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_code_even_for_the_right_guess()
    {
        await _gatehouse.CallAsync("SignUp", new { _s.ClientId, Username = "carol", Password = Scenario.Password, UserAttributes = new[] { new { Name = "email", Value = "c@example.com" } } });
        var code = await _s.LatestCodeAsync("carol");
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            await _gatehouse.FailAsync("ConfirmSignUp", new { _s.ClientId, Username = "carol", ConfirmationCode = wrong }, "CodeMismatchException");
        }

        await _gatehouse.FailAsync("ConfirmSignUp", new { _s.ClientId, Username = "carol", ConfirmationCode = code }, "TooManyFailedAttemptsException");
    }

    [Fact]
    public async Task Sign_up_errors_match_Cognito()
    {
        await _s.SignUpConfirmedAsync("dave");
        var exists = await _gatehouse.FailAsync("SignUp", new { _s.ClientId, Username = "dave", Password = Scenario.Password, UserAttributes = new[] { new { Name = "email", Value = "d@example.com" } } }, "UsernameExistsException");
        Assert.Equal("User already exists", exists.AwsMessage);
        var weak = await _gatehouse.FailAsync("SignUp", new { _s.ClientId, Username = "erin", Password = "password" }, "InvalidPasswordException");
        Assert.Equal("Password did not conform with policy: Password must have uppercase characters", weak.AwsMessage);
        var shortPassword = await _gatehouse.FailAsync("SignUp", new { _s.ClientId, Username = "erin", Password = "Ab1!" }, "InvalidPasswordException");
        Assert.Equal("Password did not conform with policy: Password not long enough", shortPassword.AwsMessage);
        var unknownAttribute = await _gatehouse.FailAsync("SignUp", new { _s.ClientId, Username = "erin", Password = Scenario.Password, UserAttributes = new[] { new { Name = "custom:nope", Value = "x" } } }, "InvalidParameterException");
        Assert.Equal("Attributes did not conform to the schema: Type for attribute {custom:nope} could not be determined", unknownAttribute.AwsMessage);
        var unknownClient = await _gatehouse.FailAsync("SignUp", new { ClientId = "nosuchclient", Username = "erin", Password = Scenario.Password }, "ResourceNotFoundException");
        Assert.Equal("User pool client nosuchclient does not exist.", unknownClient.AwsMessage);
        var noPassword = await _gatehouse.FailAsync("SignUp", new { _s.ClientId, Username = "erin" }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null", noPassword.AwsMessage);
    }

    [Fact]
    public async Task Password_sign_in_returns_three_tokens_and_refresh_keeps_auth_time()
    {
        await _s.SignUpConfirmedAsync("frank");
        var result = await _s.SignInAsync("frank");
        Assert.Empty(result["ChallengeParameters"]!.AsObject());
        var auth = result["AuthenticationResult"]!;
        Assert.Equal(3600, auth["ExpiresIn"]!.GetValue<int>());
        Assert.Equal("Bearer", auth["TokenType"]!.GetValue<string>());
        var first = Scenario.Payload(auth["IdToken"]!.GetValue<string>());

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(10));
        var refreshed = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "REFRESH_TOKEN_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("REFRESH_TOKEN", auth["RefreshToken"]!.GetValue<string>())),
        });
        Assert.Null(refreshed["AuthenticationResult"]!["RefreshToken"]);
        var second = Scenario.Payload(refreshed["AuthenticationResult"]!["IdToken"]!.GetValue<string>());
        Assert.Equal(first["auth_time"]!.GetValue<long>(), second["auth_time"]!.GetValue<long>());
        Assert.Equal(first["origin_jti"]!.GetValue<string>(), second["origin_jti"]!.GetValue<string>());
        Assert.True(second["iat"]!.GetValue<long>() > first["iat"]!.GetValue<long>());
    }

    [Fact]
    public async Task Wrong_passwords_answer_incorrect_credentials_then_lock_out()
    {
        await _s.SignUpConfirmedAsync("gina");
        for (var i = 0; i < 5; i++)
        {
            var wrong = await _gatehouse.FailAsync("InitiateAuth", new
            {
                AuthFlow = "USER_PASSWORD_AUTH",
                _s.ClientId,
                AuthParameters = Scenario.Parameters(("USERNAME", "gina"), ("PASSWORD", "Wrong0ne!")),
            }, "NotAuthorizedException");
            Assert.Equal("Incorrect username or password.", wrong.AwsMessage);
        }

        var locked = await Assert.ThrowsAsync<CognitoError>(() => _s.SignInAsync("gina"));
        Assert.Equal("Password attempts exceeded", locked.AwsMessage);
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(16));
        await _s.SignInAsync("gina");
    }

    [Fact]
    public async Task Unknown_users_are_reported_unless_existence_errors_are_prevented()
    {
        var missing = await Assert.ThrowsAsync<CognitoError>(() => _s.SignInAsync("nobody"));
        Assert.Equal("UserNotFoundException", missing.Type);
        Assert.Equal("User does not exist.", missing.AwsMessage);

        var hidden = await _gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = _s.PoolId,
            ClientName = "hidden",
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH" },
            PreventUserExistenceErrors = "ENABLED",
        });
        var error = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = hidden["UserPoolClient"]!["ClientId"]!.GetValue<string>(),
            AuthParameters = Scenario.Parameters(("USERNAME", "nobody"), ("PASSWORD", Scenario.Password)),
        }, "NotAuthorizedException");
        Assert.Equal("Incorrect username or password.", error.AwsMessage);
    }

    [Fact]
    public async Task Flows_the_client_does_not_allow_are_refused()
    {
        var srpOnly = await Scenario.CreateAsync(_gatehouse, flows: ["ALLOW_USER_SRP_AUTH"]);
        var error = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            srpOnly.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "x"), ("PASSWORD", Scenario.Password)),
        }, "InvalidParameterException");
        Assert.Equal("USER_PASSWORD_AUTH flow not enabled for this client", error.AwsMessage);
        error = await _gatehouse.FailAsync("AdminInitiateAuth", new
        {
            AuthFlow = "ADMIN_NO_SRP_AUTH",
            UserPoolId = srpOnly.PoolId,
            srpOnly.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "x"), ("PASSWORD", Scenario.Password)),
        }, "InvalidParameterException");
        Assert.Equal("Auth flow not enabled for this client", error.AwsMessage);
        error = await _gatehouse.FailAsync("InitiateAuth", new { AuthFlow = "ADMIN_NO_SRP_AUTH", _s.ClientId, AuthParameters = new { } }, "InvalidParameterException");
        Assert.Equal("Initiate Auth method not supported.", error.AwsMessage);
    }

    [Fact]
    public async Task Admin_created_users_must_choose_a_new_password()
    {
        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = _s.PoolId,
            Username = "henry",
            TemporaryPassword = "Temp0rary!",
            UserAttributes = new[] { new { Name = "email", Value = "henry@example.com" } },
        });
        var outbox = await _s.LatestCodeAsync("henry");
        Assert.Equal("Temp0rary!", outbox);

        var challenge = await _s.SignInAsync("henry", "Temp0rary!");
        Assert.Equal("NEW_PASSWORD_REQUIRED", challenge["ChallengeName"]!.GetValue<string>());
        Assert.Equal("henry", challenge["ChallengeParameters"]!["USER_ID_FOR_SRP"]!.GetValue<string>());
        Assert.Equal("[]", challenge["ChallengeParameters"]!["requiredAttributes"]!.GetValue<string>());
        var session = challenge["Session"]!.GetValue<string>();

        var weak = await _gatehouse.FailAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = session,
            ChallengeResponses = Scenario.Parameters(("USERNAME", "henry"), ("NEW_PASSWORD", "weakweak")),
        }, "InvalidPasswordException");
        Assert.StartsWith("Password did not conform with policy", weak.AwsMessage);

        var done = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = session,
            ChallengeResponses = Scenario.Parameters(("USERNAME", "henry"), ("NEW_PASSWORD", "N3wPassword!")),
        });
        Assert.NotNull(done["AuthenticationResult"]!["AccessToken"]);

        var reused = await _gatehouse.FailAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = session,
            ChallengeResponses = Scenario.Parameters(("USERNAME", "henry"), ("NEW_PASSWORD", "An0therOne!")),
        }, "NotAuthorizedException");
        Assert.Equal("Invalid session for the user, session is expired.", reused.AwsMessage);
        await _s.SignInAsync("henry", "N3wPassword!");
    }

    [Fact]
    public async Task Challenge_sessions_expire_after_three_minutes()
    {
        await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = _s.PoolId, Username = "ivy", TemporaryPassword = "Temp0rary!", MessageAction = "SUPPRESS" });
        var challenge = await _s.SignInAsync("ivy", "Temp0rary!");
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        await _gatehouse.FailAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = Scenario.Parameters(("USERNAME", "ivy"), ("NEW_PASSWORD", "N3wPassword!")),
        }, "NotAuthorizedException");
    }

    [Fact]
    public async Task Temporary_passwords_expire()
    {
        await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = _s.PoolId, Username = "jack", TemporaryPassword = "Temp0rary!", MessageAction = "SUPPRESS" });
        _gatehouse.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<CognitoError>(() => _s.SignInAsync("jack", "Temp0rary!"));
        Assert.Equal("Temporary password has expired and must be reset by an administrator.", error.AwsMessage);
    }

    [Fact]
    public async Task Secret_clients_require_a_valid_secret_hash_everywhere()
    {
        var secret = await Scenario.CreateAsync(_gatehouse, secret: true);
        Assert.Equal(51, secret.ClientSecret!.Length);
        Assert.Matches("^[a-z0-9]{26}$", secret.ClientId);
        await secret.SignUpConfirmedAsync("kate");
        await secret.SignInAsync("kate");

        var missing = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            secret.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "kate"), ("PASSWORD", Scenario.Password)),
        }, "NotAuthorizedException");
        Assert.Equal($"Client {secret.ClientId} is configured for secret but secret was not received", missing.AwsMessage);

        var wrong = await _gatehouse.FailAsync("AdminInitiateAuth", new
        {
            AuthFlow = "ADMIN_NO_SRP_AUTH",
            UserPoolId = secret.PoolId,
            secret.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "kate"), ("PASSWORD", Scenario.Password), ("SECRET_HASH", Core.Auth.SecretHash.Compute("not-the-secret", "kate", secret.ClientId))),
        }, "NotAuthorizedException");
        Assert.Equal($"Unable to verify secret hash for client {secret.ClientId}", wrong.AwsMessage);

        await _gatehouse.FailAsync("SignUp", new { secret.ClientId, Username = "leo", Password = Scenario.Password, SecretHash = "bm90LWJhc2U2NA==" }, "NotAuthorizedException");
        var admin = await _gatehouse.CallAsync("AdminInitiateAuth", new
        {
            AuthFlow = "ADMIN_NO_SRP_AUTH",
            UserPoolId = secret.PoolId,
            secret.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "kate"), ("PASSWORD", Scenario.Password), ("SECRET_HASH", secret.SecretHash("kate"))),
        });
        Assert.NotNull(admin["AuthenticationResult"]!["IdToken"]);
    }

    [Fact]
    public async Task Email_as_username_pools_use_the_sub_as_username()
    {
        var pool = await Scenario.CreateAsync(_gatehouse, poolSettings: new { PoolName = "email", UsernameAttributes = new[] { "email" }, AutoVerifiedAttributes = new[] { "email" } });
        var sub = await pool.SignUpConfirmedAsync("mia@example.com", "mia@example.com");
        var tokens = await pool.TokensAsync("mia@example.com");
        var id = Scenario.Payload(tokens.IdToken);
        Assert.Equal(sub, id["cognito:username"]!.GetValue<string>());
        Assert.Equal("mia@example.com", id["email"]!.GetValue<string>());
        var error = await _gatehouse.FailAsync("SignUp", new { pool.ClientId, Username = "not-an-email", Password = Scenario.Password }, "InvalidParameterException");
        Assert.Equal("Username should be an email.", error.AwsMessage);
        var taken = await _gatehouse.FailAsync("SignUp", new { pool.ClientId, Username = "mia@example.com", Password = Scenario.Password }, "UsernameExistsException");
        Assert.Equal("An account with the given email already exists.", taken.AwsMessage);
    }
}
