using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>PreSignUp, PostConfirmation, CustomMessage and UserMigration, with url functions on a loopback server.</summary>
public sealed class LifecycleTriggerTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private FunctionServer _functions = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _functions = await FunctionServer.StartAsync(_gatehouse);
    }

    public async Task DisposeAsync()
    {
        await _functions.DisposeAsync();
        await _gatehouse.DisposeAsync();
    }

    [Fact]
    public async Task PreSignUp_sees_the_sign_up_and_auto_confirms_and_verifies()
    {
        var pre = await _functions.AddAsync("pre", FunctionServer.Respond(r =>
        {
            r["autoConfirmUser"] = true;
            r["autoVerifyEmail"] = true;
        }));
        var post = await _functions.AddAsync("post");
        var s = await PoolAsync(new { PreSignUp = pre, PostConfirmation = post });

        var result = await _gatehouse.CallAsync("SignUp", new
        {
            s.ClientId,
            Username = "alice",
            Password = Scenario.Password,
            UserAttributes = new[] { new { Name = "email", Value = "alice@example.com" } },
            ValidationData = new[] { new { Name = "invite", Value = "abc" } },
            ClientMetadata = new Dictionary<string, string> { ["source"] = "test" },
        });

        Assert.True(result["UserConfirmed"]!.GetValue<bool>());
        Assert.Null(result["CodeDeliveryDetails"]);
        var e = _functions.Last("pre");
        Assert.Equal("1", (string?)e["version"]);
        Assert.Equal("PreSignUp_SignUp", (string?)e["triggerSource"]);
        Assert.Equal("us-east-1", (string?)e["region"]);
        Assert.Equal(s.PoolId, (string?)e["userPoolId"]);
        Assert.Equal("alice", (string?)e["userName"]);
        Assert.Equal(s.ClientId, (string?)e["callerContext"]!["clientId"]);
        Assert.NotNull(e["callerContext"]!["awsSdkVersion"]);
        Assert.Equal("alice@example.com", (string?)e["request"]!["userAttributes"]!["email"]);
        Assert.Equal("abc", (string?)e["request"]!["validationData"]!["invite"]);
        Assert.Equal("test", (string?)e["request"]!["clientMetadata"]!["source"]);
        Assert.False(e["response"]!["autoConfirmUser"]!.GetValue<bool>());

        var user = await AdminGetUserAsync(s, "alice");
        Assert.Equal("CONFIRMED", (string?)user["UserStatus"]);
        Assert.Equal("true", Attribute(user, "email_verified"));
        Assert.Empty(await OutboxAsync(s, "alice"));

        // An auto-confirmed user reaches PostConfirmation too, at sign-up.
        var confirmation = _functions.Last("post");
        Assert.Equal("PostConfirmation_ConfirmSignUp", (string?)confirmation["triggerSource"]);
        Assert.Equal("CONFIRMED", (string?)confirmation["request"]!["userAttributes"]!["cognito:user_status"]);
        Assert.Equal(result["UserSub"]!.GetValue<string>(), (string?)confirmation["request"]!["userAttributes"]!["sub"]);
        (await s.SignInAsync("alice"))["AuthenticationResult"]!.AsObject();
    }

    [Fact]
    public async Task The_seed_002_autoConfirmUserFunction_confirms_the_user()
    {
        // event['response'] = {'autoConfirmUser': True}; return event
        var pre = await _functions.AddAsync("autoConfirmUserFunction", e =>
        {
            e["response"] = new JsonObject { ["autoConfirmUser"] = true };
            return Task.FromResult(FunctionReply.Json(e));
        });
        var s = await PoolAsync(new { PreSignUp = pre }, autoVerify: false);

        var result = await _gatehouse.CallAsync("SignUp", new { s.ClientId, Username = "rakib", Password = Scenario.Password });

        Assert.True(result["UserConfirmed"]!.GetValue<bool>());
        Assert.Equal("CONFIRMED", (string?)(await AdminGetUserAsync(s, "rakib"))["UserStatus"]);
        Assert.NotNull((await s.SignInAsync("rakib"))["AuthenticationResult"]?["IdToken"]);
    }

    [Fact]
    public async Task Verifying_without_confirming_is_ignored_and_a_code_is_sent()
    {
        var pre = await _functions.AddAsync("pre", FunctionServer.Respond(r => r["autoVerifyEmail"] = true));
        var s = await PoolAsync(new { PreSignUp = pre });

        var result = await SignUpAsync(s, "bob");

        Assert.False(result["UserConfirmed"]!.GetValue<bool>());
        Assert.Equal("EMAIL", (string?)result["CodeDeliveryDetails"]!["DeliveryMedium"]);
        var user = await AdminGetUserAsync(s, "bob");
        Assert.Equal("UNCONFIRMED", (string?)user["UserStatus"]);
        Assert.Equal("false", Attribute(user, "email_verified") ?? "false");
    }

    [Fact]
    public async Task A_failing_PreSignUp_refuses_the_sign_up_and_stores_nothing()
    {
        var pre = await _functions.AddAsync("pre", _ => Task.FromResult(FunctionReply.Raise("Only invited users may sign up")));
        var s = await PoolAsync(new { PreSignUp = pre });

        var error = await Assert.ThrowsAsync<CognitoError>(() => SignUpAsync(s, "carol"));

        Assert.Equal("UserLambdaValidationException", error.Type);
        Assert.Equal("PreSignUp failed with error Only invited users may sign up.", error.AwsMessage);
        await _gatehouse.FailAsync("AdminGetUser", new { UserPoolId = s.PoolId, Username = "carol" }, "UserNotFoundException");
        Assert.Empty(await OutboxAsync(s, "carol"));
    }

    [Theory]
    [InlineData("not json at all", "InvalidLambdaResponseException")]
    [InlineData("[1, 2]", "InvalidLambdaResponseException")]
    [InlineData("\"text\"", "InvalidLambdaResponseException")]
    [InlineData("{\"response\": 7}", "InvalidLambdaResponseException")]
    public async Task A_malformed_answer_is_InvalidLambdaResponseException(string body, string expected)
    {
        var pre = await _functions.AddAsync("pre", _ => Task.FromResult(new FunctionReply(body)));
        var s = await PoolAsync(new { PreSignUp = pre });

        var error = await Assert.ThrowsAsync<CognitoError>(() => SignUpAsync(s, "dave"));

        Assert.Equal(expected, error.Type);
        await _gatehouse.FailAsync("AdminGetUser", new { UserPoolId = s.PoolId, Username = "dave" }, "UserNotFoundException");
    }

    [Fact]
    public async Task A_missing_function_is_UnexpectedLambdaException()
    {
        var s = await PoolAsync(new { PreSignUp = FunctionServer.Arn("nowhere") });

        var error = await Assert.ThrowsAsync<CognitoError>(() => SignUpAsync(s, "erin"));

        Assert.Equal("UnexpectedLambdaException", error.Type);
        await _gatehouse.FailAsync("AdminGetUser", new { UserPoolId = s.PoolId, Username = "erin" }, "UserNotFoundException");
    }

    [Fact]
    public async Task AdminCreateUser_runs_PreSignUp_AdminCreateUser_and_ignores_its_answer()
    {
        var pre = await _functions.AddAsync("pre", FunctionServer.Respond(r => r["autoConfirmUser"] = true));
        var s = await PoolAsync(new { PreSignUp = pre });

        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = s.PoolId,
            Username = "frank",
            UserAttributes = new[] { new { Name = "email", Value = "frank@example.com" } },
            MessageAction = "SUPPRESS",
            ClientMetadata = new Dictionary<string, string> { ["by"] = "admin" },
        });

        var e = _functions.Last("pre");
        Assert.Equal("PreSignUp_AdminCreateUser", (string?)e["triggerSource"]);
        Assert.Equal("CLIENT_ID_NOT_APPLICABLE", (string?)e["callerContext"]!["clientId"]);
        Assert.Equal("frank@example.com", (string?)e["request"]!["userAttributes"]!["email"]);
        Assert.Equal("admin", (string?)e["request"]!["clientMetadata"]!["by"]);
        Assert.Equal("FORCE_CHANGE_PASSWORD", (string?)(await AdminGetUserAsync(s, "frank"))["UserStatus"]);

        var failing = await _functions.AddAsync("refuse", _ => Task.FromResult(FunctionReply.Raise("no admins")));
        await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = s.PoolId, AutoVerifiedAttributes = new[] { "email" }, LambdaConfig = new { PreSignUp = failing } });
        var error = await _gatehouse.FailAsync("AdminCreateUser", new { UserPoolId = s.PoolId, Username = "gina" }, "UserLambdaValidationException");
        Assert.Equal("PreSignUp failed with error no admins.", error.AwsMessage);
        await _gatehouse.FailAsync("AdminGetUser", new { UserPoolId = s.PoolId, Username = "gina" }, "UserNotFoundException");
    }

    [Fact]
    public async Task PostConfirmation_runs_after_ConfirmSignUp_AdminConfirmSignUp_and_ConfirmForgotPassword()
    {
        var post = await _functions.AddAsync("post");
        var s = await PoolAsync(new { PostConfirmation = post });

        await SignUpAsync(s, "hana");
        await _gatehouse.CallAsync("ConfirmSignUp", new
        {
            s.ClientId,
            Username = "hana",
            ConfirmationCode = await s.LatestCodeAsync("hana"),
            ClientMetadata = new Dictionary<string, string> { ["step"] = "confirm" },
        });
        var e = _functions.Last("post");
        Assert.Equal("PostConfirmation_ConfirmSignUp", (string?)e["triggerSource"]);
        Assert.Equal("hana", (string?)e["userName"]);
        Assert.Equal(s.ClientId, (string?)e["callerContext"]!["clientId"]);
        Assert.Equal("CONFIRMED", (string?)e["request"]!["userAttributes"]!["cognito:user_status"]);
        Assert.Equal("true", (string?)e["request"]!["userAttributes"]!["email_verified"]);
        Assert.NotNull(e["request"]!["userAttributes"]!["sub"]);
        Assert.Equal("confirm", (string?)e["request"]!["clientMetadata"]!["step"]);
        Assert.NotNull(e["response"]);

        await SignUpAsync(s, "ivan");
        await _gatehouse.CallAsync("AdminConfirmSignUp", new { UserPoolId = s.PoolId, Username = "ivan" });
        e = _functions.Last("post");
        Assert.Equal("PostConfirmation_ConfirmSignUp", (string?)e["triggerSource"]);
        Assert.Equal("CLIENT_ID_NOT_APPLICABLE", (string?)e["callerContext"]!["clientId"]);

        await _gatehouse.CallAsync("ForgotPassword", new { s.ClientId, Username = "hana" });
        await _gatehouse.CallAsync("ConfirmForgotPassword", new
        {
            s.ClientId,
            Username = "hana",
            ConfirmationCode = await s.LatestCodeAsync("hana"),
            Password = "N3w-Passw0rd!",
        });
        e = _functions.Last("post");
        Assert.Equal("PostConfirmation_ConfirmForgotPassword", (string?)e["triggerSource"]);
        Assert.Equal("hana", (string?)e["userName"]);
        Assert.Equal(3, _functions.Events("post").Count);
    }

    [Fact]
    public async Task A_failing_PostConfirmation_answers_its_error_but_the_confirmation_stays()
    {
        var post = await _functions.AddAsync("post", _ => Task.FromResult(FunctionReply.Raise("CRM is down")));
        var s = await PoolAsync(new { PostConfirmation = post });
        await SignUpAsync(s, "jack");

        var error = await _gatehouse.FailAsync(
            "ConfirmSignUp", new { s.ClientId, Username = "jack", ConfirmationCode = await s.LatestCodeAsync("jack") }, "UserLambdaValidationException");

        Assert.Equal("PostConfirmation failed with error CRM is down.", error.AwsMessage);
        Assert.Equal("CONFIRMED", (string?)(await AdminGetUserAsync(s, "jack"))["UserStatus"]);
    }

    [Fact]
    public async Task PostConfirmation_may_call_back_into_Gatehouse_without_deadlock()
    {
        string? poolId = null;
        var post = await _functions.AddAsync("addToGroup", async e =>
        {
            // What a Python PostConfirmation does with boto3: admin_add_user_to_group, while Cognito waits.
            await _gatehouse.CallAsync("AdminAddUserToGroup", new { UserPoolId = poolId, Username = (string?)e["userName"], GroupName = "members" });
            return FunctionReply.Json(e);
        });
        var s = await PoolAsync(new { PostConfirmation = post });
        poolId = s.PoolId;
        await _gatehouse.CallAsync("CreateGroup", new { UserPoolId = s.PoolId, GroupName = "members" });
        await SignUpAsync(s, "kate");

        var confirm = _gatehouse.CallAsync("ConfirmSignUp", new { s.ClientId, Username = "kate", ConfirmationCode = await s.LatestCodeAsync("kate") });
        var finished = await Task.WhenAny(confirm, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(confirm, finished);
        await confirm;
        var groups = await _gatehouse.CallAsync("AdminListGroupsForUser", new { UserPoolId = s.PoolId, Username = "kate" });
        Assert.Equal("members", (string?)groups["Groups"]![0]!["GroupName"]);
    }

    [Fact]
    public async Task CustomMessage_writes_the_sign_up_message_that_lands_in_the_outbox()
    {
        var custom = await _functions.AddAsync("custom", FunctionServer.Respond(r =>
        {
            r["emailSubject"] = "Welcome to Example";
            r["emailMessage"] = "Hello! Your code is {####}.";
        }));
        var s = await PoolAsync(new { CustomMessage = custom });

        await SignUpAsync(s, "liam", new Dictionary<string, string> { ["lang"] = "en" });

        var e = _functions.Last("custom");
        Assert.Equal("CustomMessage_SignUp", (string?)e["triggerSource"]);
        Assert.Equal("liam", (string?)e["userName"]);
        Assert.Equal(s.ClientId, (string?)e["callerContext"]!["clientId"]);
        Assert.Equal("{####}", (string?)e["request"]!["codeParameter"]);
        Assert.Null(e["request"]!["usernameParameter"]);
        Assert.True(e["request"]!.AsObject().ContainsKey("linkParameter"));
        Assert.Equal("liam@example.com", (string?)e["request"]!["userAttributes"]!["email"]);
        Assert.Equal("UNCONFIRMED", (string?)e["request"]!["userAttributes"]!["cognito:user_status"]);
        Assert.Equal("en", (string?)e["request"]!["clientMetadata"]!["lang"]);
        Assert.True(e["response"]!.AsObject().ContainsKey("emailMessage"));
        Assert.Null(e["response"]!["emailMessage"]);

        var message = (await OutboxAsync(s, "liam"))[0]!;
        var code = (string)message["code"]!;
        Assert.Equal($"Hello! Your code is {code}.", (string?)message["message"]);
        Assert.Equal("Welcome to Example", (string?)message["subject"]);
        await _gatehouse.CallAsync("ConfirmSignUp", new { s.ClientId, Username = "liam", ConfirmationCode = code });
    }

    [Fact]
    public async Task CustomMessage_writes_the_MFA_code_messages_and_a_failing_function_sends_no_code()
    {
        var fail = false;
        var custom = await _functions.AddAsync("custom", e =>
        {
            if (fail)
            {
                return Task.FromResult(FunctionReply.Raise("no texts today"));
            }

            var source = (string)e["triggerSource"]!;
            e["response"]!["smsMessage"] = $"[{source}] sms {e["request"]!["codeParameter"]}";
            e["response"]!["emailMessage"] = $"[{source}] email {e["request"]!["codeParameter"]}";
            e["response"]!["emailSubject"] = "Your sign-in code";
            return Task.FromResult(FunctionReply.Json(e));
        });
        var s = await PoolAsync(new { CustomMessage = custom });
        await _gatehouse.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = s.PoolId,
            MfaConfiguration = "ON",
            SmsMfaConfiguration = new { SmsAuthenticationMessage = "Pool code {####}", SmsConfiguration = new { SnsCallerArn = "arn:aws:iam::123456789012:role/sms" } },
        });
        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = s.PoolId,
            Username = "olga",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "phone_number", Value = "+15555550123" }, new { Name = "email", Value = "olga@example.com" } },
        });
        await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = s.PoolId, Username = "olga", Password = Scenario.Password, Permanent = true });

        var challenge = await s.SignInAsync("olga");
        Assert.Equal("SMS_MFA", (string?)challenge["ChallengeName"]);
        var message = (await OutboxAsync(s, "olga"))[0]!;
        Assert.Equal($"[CustomMessage_Authentication] sms {message["code"]}", (string?)message["message"]);
        var e = _functions.Last("custom");
        Assert.Equal("CustomMessage_Authentication", (string?)e["triggerSource"]);
        Assert.Equal("+15555550123", (string?)e["request"]!["userAttributes"]!["phone_number"]);
        Assert.Equal(s.ClientId, (string?)e["callerContext"]!["clientId"]);
        var tokens = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            s.ClientId,
            ChallengeName = "SMS_MFA",
            Session = (string?)challenge["Session"],
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "olga", ["SMS_MFA_CODE"] = (string)message["code"]! },
        });
        Assert.NotNull(tokens["AuthenticationResult"]!["AccessToken"]);

        fail = true;
        var error = await Assert.ThrowsAsync<CognitoError>(() => s.SignInAsync("olga"));
        Assert.Equal("UserLambdaValidationException", error.Type);
        Assert.Equal("CustomMessage failed with error no texts today.", error.AwsMessage);
        Assert.Equal((string?)message["code"], (string?)(await OutboxAsync(s, "olga"))[0]!["code"]);
    }

    [Fact]
    public async Task CustomMessage_covers_every_message_with_its_trigger_source()
    {
        var custom = await _functions.AddAsync("custom", e =>
        {
            var source = (string)e["triggerSource"]!;
            e["response"]!["emailMessage"] = source == "CustomMessage_AdminCreateUser"
                ? $"[{source}] {e["request"]!["usernameParameter"]} / {e["request"]!["codeParameter"]}"
                : $"[{source}] {e["request"]!["codeParameter"]}";
            return Task.FromResult(FunctionReply.Json(e));
        });
        var s = await PoolAsync(new { CustomMessage = custom });

        await SignUpAsync(s, "mia");
        await AssertLatestAsync(s, "mia", "CustomMessage_SignUp");
        await _gatehouse.CallAsync("ResendConfirmationCode", new { s.ClientId, Username = "mia" });
        await AssertLatestAsync(s, "mia", "CustomMessage_ResendCode");
        await _gatehouse.CallAsync("ConfirmSignUp", new { s.ClientId, Username = "mia", ConfirmationCode = await s.LatestCodeAsync("mia") });
        await _gatehouse.CallAsync("ForgotPassword", new { s.ClientId, Username = "mia" });
        await AssertLatestAsync(s, "mia", "CustomMessage_ForgotPassword");
        await _gatehouse.CallAsync("AdminResetUserPassword", new { UserPoolId = s.PoolId, Username = "mia" });
        await AssertLatestAsync(s, "mia", "CustomMessage_ForgotPassword");

        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = s.PoolId,
            Username = "noah",
            UserAttributes = new[] { new { Name = "email", Value = "noah@example.com" } },
            DesiredDeliveryMediums = new[] { "EMAIL" },
        });
        var invitation = (await OutboxAsync(s, "noah"))[0]!;
        Assert.Equal($"[CustomMessage_AdminCreateUser] noah / {invitation["code"]}", (string?)invitation["message"]);
        Assert.Equal("{username}", (string?)_functions.Last("custom")["request"]!["usernameParameter"]);
        Assert.Equal("CLIENT_ID_NOT_APPLICABLE", (string?)_functions.Last("custom")["callerContext"]!["clientId"]);

        await s.SignUpConfirmedAsync("olga");
        var access = (await s.TokensAsync("olga")).AccessToken;
        await _gatehouse.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "email", Value = "olga2@example.com" } } });
        await AssertLatestAsync(s, "olga", "CustomMessage_UpdateUserAttribute");
        Assert.Equal("olga2@example.com", (string?)_functions.Last("custom")["request"]!["userAttributes"]!["email"]);
        Assert.Equal(s.ClientId, (string?)_functions.Last("custom")["callerContext"]!["clientId"]);
        await _gatehouse.CallAsync("GetUserAttributeVerificationCode", new { AccessToken = access, AttributeName = "email" });
        await AssertLatestAsync(s, "olga", "CustomMessage_VerifyUserAttribute");
        await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = s.PoolId,
            Username = "olga",
            UserAttributes = new[] { new { Name = "email", Value = "olga3@example.com" } },
        });
        await AssertLatestAsync(s, "olga", "CustomMessage_UpdateUserAttribute");
    }

    [Fact]
    public async Task A_custom_message_without_the_code_placeholder_falls_back_to_the_pool_template()
    {
        var custom = await _functions.AddAsync("custom", FunctionServer.Respond(r => r["emailMessage"] = "No code here"));
        var s = await PoolAsync(new { CustomMessage = custom });

        await SignUpAsync(s, "paul");

        var message = (await OutboxAsync(s, "paul"))[0]!;
        Assert.Equal($"Your verification code is {message["code"]}. ", (string?)message["message"]);
    }

    [Fact]
    public async Task A_failing_CustomMessage_fails_the_action_and_stores_nothing()
    {
        var custom = await _functions.AddAsync("custom", _ => Task.FromResult(FunctionReply.Raise("template missing")));
        var s = await PoolAsync(new { CustomMessage = custom });

        var error = await Assert.ThrowsAsync<CognitoError>(() => SignUpAsync(s, "quinn"));

        Assert.Equal("UserLambdaValidationException", error.Type);
        Assert.Equal("CustomMessage failed with error template missing.", error.AwsMessage);
        await _gatehouse.FailAsync("AdminGetUser", new { UserPoolId = s.PoolId, Username = "quinn" }, "UserNotFoundException");
    }

    [Fact]
    public async Task UserMigration_creates_the_user_at_sign_in_and_signs_them_in()
    {
        var migrate = await _functions.AddAsync("migrate", e =>
        {
            if ((string?)e["request"]!["password"] != "Legacy-Passw0rd!")
            {
                return Task.FromResult(FunctionReply.Raise("Bad password"));
            }

            e["response"]!["userAttributes"] = new JsonObject { ["email"] = "rosa@example.com", ["email_verified"] = "true" };
            e["response"]!["finalUserStatus"] = "CONFIRMED";
            e["response"]!["messageAction"] = "SUPPRESS";
            return Task.FromResult(FunctionReply.Json(e));
        });
        var s = await PoolAsync(new { UserMigration = migrate });

        var wrong = await Assert.ThrowsAsync<CognitoError>(() => s.SignInAsync("rosa", "Wrong-Passw0rd!"));
        Assert.Equal("UserLambdaValidationException", wrong.Type);
        Assert.Equal("UserMigration failed with error Bad password.", wrong.AwsMessage);
        await _gatehouse.FailAsync("AdminGetUser", new { UserPoolId = s.PoolId, Username = "rosa" }, "UserNotFoundException");

        var result = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "rosa"), ("PASSWORD", "Legacy-Passw0rd!")),
            ClientMetadata = new Dictionary<string, string> { ["from"] = "legacy" },
        });

        Assert.NotNull(result["AuthenticationResult"]?["AccessToken"]);
        var e = _functions.Last("migrate");
        Assert.Equal("UserMigration_Authentication", (string?)e["triggerSource"]);
        Assert.Equal("rosa", (string?)e["userName"]);
        Assert.Equal(s.ClientId, (string?)e["callerContext"]!["clientId"]);
        Assert.Equal("Legacy-Passw0rd!", (string?)e["request"]!["password"]);
        Assert.Equal("legacy", (string?)e["request"]!["clientMetadata"]!["from"]);
        var user = await AdminGetUserAsync(s, "rosa");
        Assert.Equal("CONFIRMED", (string?)user["UserStatus"]);
        Assert.Equal("rosa@example.com", Attribute(user, "email"));

        // Once migrated, the user signs in from the pool, without the function.
        var calls = _functions.Events("migrate").Count;
        await s.SignInAsync("rosa", "Legacy-Passw0rd!");
        Assert.Equal(calls, _functions.Events("migrate").Count);
    }

    [Fact]
    public async Task UserMigration_runs_for_AdminInitiateAuth()
    {
        var migrate = await _functions.AddAsync("migrate", FunctionServer.Respond(r => r["userAttributes"] = new JsonObject { ["email"] = "sam@example.com" }));
        var s = await PoolAsync(new { UserMigration = migrate });

        var result = await _gatehouse.CallAsync("AdminInitiateAuth", new
        {
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            UserPoolId = s.PoolId,
            s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "sam"), ("PASSWORD", "Legacy-Passw0rd!")),
        });

        Assert.NotNull(result["AuthenticationResult"]?["IdToken"]);
        Assert.Equal("UserMigration_Authentication", (string?)_functions.Last("migrate")["triggerSource"]);
    }

    [Fact]
    public async Task UserMigration_during_ForgotPassword_creates_the_user_and_sends_the_code()
    {
        var migrate = await _functions.AddAsync("migrate", FunctionServer.Respond(r =>
        {
            r["userAttributes"] = new JsonObject { ["email"] = "tina@example.com", ["email_verified"] = "true" };
            r["finalUserStatus"] = "RESET_REQUIRED";
            r["messageAction"] = "SUPPRESS";
        }));
        var s = await PoolAsync(new { UserMigration = migrate });

        var result = await _gatehouse.CallAsync("ForgotPassword", new { s.ClientId, Username = "tina" });

        Assert.Equal("EMAIL", (string?)result["CodeDeliveryDetails"]!["DeliveryMedium"]);
        var e = _functions.Last("migrate");
        Assert.Equal("UserMigration_ForgotPassword", (string?)e["triggerSource"]);
        Assert.Null(e["request"]!["password"]);
        Assert.Equal("RESET_REQUIRED", (string?)(await AdminGetUserAsync(s, "tina"))["UserStatus"]);
        await _gatehouse.CallAsync("ConfirmForgotPassword", new
        {
            s.ClientId,
            Username = "tina",
            ConfirmationCode = await s.LatestCodeAsync("tina"),
            Password = "N3w-Passw0rd!",
        });
        Assert.NotNull((await s.SignInAsync("tina", "N3w-Passw0rd!"))["AuthenticationResult"]);
    }

    [Fact]
    public async Task LambdaConfig_round_trips_through_create_update_and_describe()
    {
        var config = new JsonObject
        {
            ["PreSignUp"] = FunctionServer.Arn("a"),
            ["CustomMessage"] = FunctionServer.Arn("b"),
            ["PostConfirmation"] = FunctionServer.Arn("c"),
            ["PreAuthentication"] = FunctionServer.Arn("d"),
            ["PostAuthentication"] = FunctionServer.Arn("e"),
            ["DefineAuthChallenge"] = FunctionServer.Arn("f"),
            ["CreateAuthChallenge"] = FunctionServer.Arn("g"),
            ["VerifyAuthChallengeResponse"] = FunctionServer.Arn("h"),
            ["PreTokenGeneration"] = FunctionServer.Arn("i"),
            ["UserMigration"] = FunctionServer.Arn("j"),
            ["PreTokenGenerationConfig"] = new JsonObject { ["LambdaVersion"] = "V2_0", ["LambdaArn"] = FunctionServer.Arn("i") },
            ["CustomSMSSender"] = new JsonObject { ["LambdaVersion"] = "V1_0", ["LambdaArn"] = FunctionServer.Arn("k") },
            ["CustomEmailSender"] = new JsonObject { ["LambdaVersion"] = "V1_0", ["LambdaArn"] = FunctionServer.Arn("l") },
            ["KMSKeyID"] = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        };
        var created = await _gatehouse.CallAsync("CreateUserPool", new { PoolName = "triggers", LambdaConfig = config });
        var poolId = (string)created["UserPool"]!["Id"]!;
        Assert.True(JsonNode.DeepEquals(config, created["UserPool"]!["LambdaConfig"]));
        Assert.True(JsonNode.DeepEquals(config, (await _gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!["LambdaConfig"]));

        var smaller = new JsonObject { ["PreSignUp"] = FunctionServer.Arn("z") };
        await _gatehouse.CallAsync("UpdateUserPool", new { UserPoolId = poolId, LambdaConfig = smaller });
        Assert.True(JsonNode.DeepEquals(smaller, (await _gatehouse.CallAsync("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!["LambdaConfig"]));
    }

    [Fact]
    public async Task LambdaConfig_members_must_be_ARNs()
    {
        var error = await _gatehouse.FailAsync("CreateUserPool", new { PoolName = "bad", LambdaConfig = new { PreSignUp = "autoConfirmUserFunction" } }, "InvalidParameterException");
        Assert.Contains("at 'lambdaConfig.preSignUp' failed to satisfy constraint", error.AwsMessage);

        error = await _gatehouse.FailAsync(
            "CreateUserPool",
            new { PoolName = "bad", LambdaConfig = new { PreTokenGenerationConfig = new { LambdaArn = FunctionServer.Arn("x"), LambdaVersion = "V9_0" } } },
            "InvalidParameterException");
        Assert.Contains("lambdaConfig.preTokenGenerationConfig.lambdaVersion", error.AwsMessage);
    }

    private async Task<Scenario> PoolAsync(object lambdaConfig, bool autoVerify = true) =>
        await Scenario.CreateAsync(_gatehouse, poolSettings: autoVerify
            ? new { PoolName = "triggers", AutoVerifiedAttributes = new[] { "email" }, LambdaConfig = lambdaConfig }
            : new { PoolName = "triggers", LambdaConfig = lambdaConfig });

    private Task<JsonNode> SignUpAsync(Scenario s, string username, Dictionary<string, string>? metadata = null) =>
        _gatehouse.CallAsync("SignUp", new
        {
            s.ClientId,
            Username = username,
            Password = Scenario.Password,
            UserAttributes = new[] { new { Name = "email", Value = username + "@example.com" } },
            ClientMetadata = metadata,
        });

    private Task<JsonNode> AdminGetUserAsync(Scenario s, string username) =>
        _gatehouse.CallAsync("AdminGetUser", new { UserPoolId = s.PoolId, Username = username });

    private static string? Attribute(JsonNode user, string name) =>
        user["UserAttributes"]!.AsArray().FirstOrDefault(a => (string?)a!["Name"] == name)?["Value"]?.GetValue<string>();

    private async Task<JsonArray> OutboxAsync(Scenario s, string username) =>
        JsonNode.Parse(await _gatehouse.Http.GetStringAsync($"/_gatehouse/outbox?userPoolId={s.PoolId}&username={username}"))!["messages"]!.AsArray();

    private async Task AssertLatestAsync(Scenario s, string username, string source)
    {
        var message = (await OutboxAsync(s, username))[0]!;
        Assert.Equal($"[{source}] {message["code"]}", (string?)message["message"]);
        Assert.Equal(source, (string?)_functions.Last("custom")["triggerSource"]);
    }
}
