using System.Text.Json.Nodes;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>
/// The sign-in triggers with <c>url</c> functions on a loopback server: PreAuthentication, PostAuthentication,
/// PreTokenGeneration V1, V2 and V3 (the claims land in verifiable tokens), and the CUSTOM_AUTH challenge triggers.
/// </summary>
public sealed class SignInTriggerTests : IAsyncLifetime
{
    private static readonly string[] AllFlows =
        ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"];

    private TestGatehouse _gatehouse = null!;
    private FunctionServer _functions = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _functions = await FunctionServer.StartAsync(_gatehouse);
        foreach (var name in new[] { "preAuth", "postAuth", "preToken", "define", "create", "verify" })
        {
            await _functions.RegisterAsync(name);
        }
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _functions.DisposeAsync();
    }

    private Task<Scenario> PoolAsync(object lambdaConfig, string[]? flows = null) =>
        Scenario.CreateAsync(_gatehouse, poolSettings: new { PoolName = "triggers", AutoVerifiedAttributes = new[] { "email" }, LambdaConfig = lambdaConfig }, flows: flows ?? AllFlows);

    private async Task<bool> VerifiesAsync(string token, string use) =>
        (await _gatehouse.Services.GetRequiredService<TokenValidator>().CheckAsync(token, use, CancellationToken.None)).IsValid;

    [Fact]
    public async Task PreAuthentication_sees_the_user_and_client_metadata_and_can_refuse_the_sign_in_before_the_password_counts()
    {
        var scenario = await PoolAsync(new { PreAuthentication = FunctionServer.Arn("preAuth") });
        await scenario.SignUpConfirmedAsync("alice");
        _functions.On("preAuth", _ => { });

        await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "alice"), ("PASSWORD", Scenario.Password)),
            ClientMetadata = new Dictionary<string, string> { ["source"] = "test" },
        });

        var e = Assert.Single(_functions.Events("preAuth"));
        Assert.Equal("PreAuthentication_Authentication", e["triggerSource"]!.GetValue<string>());
        Assert.Equal("1", e["version"]!.GetValue<string>());
        Assert.Equal("alice", e["userName"]!.GetValue<string>());
        Assert.Equal(scenario.PoolId, e["userPoolId"]!.GetValue<string>());
        Assert.Equal(scenario.ClientId, e["callerContext"]!["clientId"]!.GetValue<string>());
        Assert.Equal("alice@example.com", e["request"]!["userAttributes"]!["email"]!.GetValue<string>());
        Assert.Equal("CONFIRMED", e["request"]!["userAttributes"]!["cognito:user_status"]!.GetValue<string>());
        Assert.Equal("test", e["request"]!["validationData"]!["source"]!.GetValue<string>());
        Assert.False(e["request"]!.AsObject().ContainsKey("userNotFound"), "userNotFound is sent only when the client hides user existence");

        _functions.On("preAuth", _ => FunctionReply.Raise("blocked"));
        var refused = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "alice"), ("PASSWORD", "wrong-password")),
        }, "UserLambdaValidationException");
        Assert.Equal("PreAuthentication failed with error blocked.", refused.AwsMessage);

        // Nobody has the name and the client does not hide it: the trigger is not called.
        await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "nobody"), ("PASSWORD", Scenario.Password)),
        }, "UserNotFoundException");
        Assert.Equal(2, _functions.Events("preAuth").Count);
    }

    [Fact]
    public async Task PostAuthentication_runs_after_the_password_and_its_error_fails_the_sign_in()
    {
        var scenario = await PoolAsync(new { PostAuthentication = FunctionServer.Arn("postAuth") });
        await scenario.SignUpConfirmedAsync("bob");
        _functions.On("postAuth", _ => { });

        await _gatehouse.CallAsync("AdminInitiateAuth", new
        {
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            UserPoolId = scenario.PoolId,
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "bob"), ("PASSWORD", Scenario.Password)),
            ClientMetadata = new Dictionary<string, string> { ["k"] = "v" },
        });
        var e = Assert.Single(_functions.Events("postAuth"));
        Assert.Equal("PostAuthentication_Authentication", e["triggerSource"]!.GetValue<string>());
        Assert.False(e["request"]!["newDeviceUsed"]!.GetValue<bool>());
        Assert.Equal("v", e["request"]!["clientMetadata"]!["k"]!.GetValue<string>());
        Assert.Equal("bob@example.com", e["request"]!["userAttributes"]!["email"]!.GetValue<string>());

        // A wrong password never reaches it.
        await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "bob"), ("PASSWORD", "wrong-password")),
        }, "NotAuthorizedException");
        Assert.Single(_functions.Events("postAuth"));

        _functions.On("postAuth", _ => FunctionReply.Raise("audit down"));
        var failed = await Assert.ThrowsAsync<CognitoError>(() => scenario.SignInAsync("bob"));
        Assert.Equal("UserLambdaValidationException", failed.Type);
        Assert.Equal("PostAuthentication failed with error audit down.", failed.AwsMessage);
    }

    [Fact]
    public async Task A_trigger_that_calls_back_into_Gatehouse_does_not_deadlock()
    {
        var scenario = await PoolAsync(new { PostAuthentication = FunctionServer.Arn("postAuth"), PreAuthentication = FunctionServer.Arn("preAuth") });
        await scenario.SignUpConfirmedAsync("carol");
        _functions.On("preAuth", async e =>
        {
            await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
            {
                UserPoolId = scenario.PoolId,
                Username = "carol",
                UserAttributes = new[] { new { Name = "name", Value = "before" } },
            });
            return FunctionReply.Json(e);
        });
        _functions.On("postAuth", async e =>
        {
            await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
            {
                UserPoolId = scenario.PoolId,
                Username = "carol",
                UserAttributes = new[] { new { Name = "name", Value = "signed in" } },
            });
            return FunctionReply.Json(e);
        });

        var tokens = await scenario.TokensAsync("carol");
        Assert.True(await VerifiesAsync(tokens.AccessToken, "access"));
        var user = await _gatehouse.CallAsync("AdminGetUser", new { UserPoolId = scenario.PoolId, Username = "carol" });
        Assert.Contains(user["UserAttributes"]!.AsArray(), a => a!["Name"]!.GetValue<string>() == "name" && a["Value"]!.GetValue<string>() == "signed in");
    }

    [Fact]
    public async Task PreTokenGeneration_V1_edits_the_ID_token_and_the_groups_and_leaves_protected_claims_alone()
    {
        var scenario = await PoolAsync(new { PreTokenGeneration = FunctionServer.Arn("preToken") });
        var sub = await scenario.SignUpConfirmedAsync("dave");
        await _gatehouse.CallAsync("CreateGroup", new { UserPoolId = scenario.PoolId, GroupName = "staff", RoleArn = "arn:aws:iam::123456789012:role/staff", Precedence = 1 });
        await _gatehouse.CallAsync("AdminAddUserToGroup", new { UserPoolId = scenario.PoolId, Username = "dave", GroupName = "staff" });
        _functions.On("preToken", e => e["response"] = new JsonObject
        {
            ["claimsOverrideDetails"] = new JsonObject
            {
                ["claimsToAddOrOverride"] = new JsonObject { ["tenant"] = "acme", ["sub"] = "forged", ["iss"] = "https://evil", ["token_use"] = "access", ["email_verified"] = "maybe" },
                ["claimsToSuppress"] = new JsonArray("email", "aud", "exp"),
                ["groupOverrideDetails"] = new JsonObject { ["groupsToOverride"] = new JsonArray("admins", "staff"), ["preferredRole"] = "arn:aws:iam::123456789012:role/admin" },
            },
        });

        var tokens = await scenario.TokensAsync("dave");

        var e = Assert.Single(_functions.Events("preToken"));
        Assert.Equal("TokenGeneration_Authentication", e["triggerSource"]!.GetValue<string>());
        Assert.Equal("1", e["version"]!.GetValue<string>());
        Assert.Equal("staff", e["request"]!["groupConfiguration"]!["groupsToOverride"]![0]!.GetValue<string>());
        Assert.Equal("arn:aws:iam::123456789012:role/staff", e["request"]!["groupConfiguration"]!["preferredRole"]!.GetValue<string>());
        Assert.False(e["request"]!.AsObject().ContainsKey("scopes"), "V1 events have no scopes");
        Assert.True(e["response"]!.AsObject().ContainsKey("claimsOverrideDetails"));

        Assert.True(await VerifiesAsync(tokens.IdToken, "id"));
        Assert.True(await VerifiesAsync(tokens.AccessToken, "access"));
        var id = Scenario.Payload(tokens.IdToken);
        Assert.Equal("acme", id["tenant"]!.GetValue<string>());
        Assert.Equal("maybe", id["email_verified"]!.GetValue<string>());
        Assert.False(id.ContainsKey("email"));
        Assert.Equal(sub, id["sub"]!.GetValue<string>());
        Assert.Equal("id", id["token_use"]!.GetValue<string>());
        Assert.Equal(scenario.ClientId, id["aud"]!.GetValue<string>());
        Assert.True(id.ContainsKey("exp"));
        Assert.StartsWith(TestGatehouse.PublicUrl, id["iss"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(new[] { "admins", "staff" }, id["cognito:groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("arn:aws:iam::123456789012:role/admin", id["cognito:preferred_role"]!.GetValue<string>());
        Assert.False(id.ContainsKey("cognito:roles"), "the override replaces the roles too");

        // V1 leaves the access token's claims alone, but the group override reaches its cognito:groups.
        var access = Scenario.Payload(tokens.AccessToken);
        Assert.False(access.ContainsKey("tenant"));
        Assert.Equal(new[] { "admins", "staff" }, access["cognito:groups"]!.AsArray().Select(g => g!.GetValue<string>()));

        // A refresh runs the trigger again, as TokenGeneration_RefreshTokens, and PostAuthentication is not involved.
        var refreshed = (await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "REFRESH_TOKEN_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("REFRESH_TOKEN", tokens.RefreshToken)),
        }))["AuthenticationResult"]!;
        Assert.Equal("TokenGeneration_RefreshTokens", _functions.Events("preToken")[^1]["triggerSource"]!.GetValue<string>());
        Assert.Equal("acme", Scenario.Payload(refreshed["IdToken"]!.GetValue<string>())["tenant"]!.GetValue<string>());
    }

    [Fact]
    public async Task PreTokenGeneration_V2_edits_both_tokens_with_any_JSON_value_and_the_scopes()
    {
        var scenario = await PoolAsync(new { PreTokenGenerationConfig = new { LambdaArn = FunctionServer.Arn("preToken"), LambdaVersion = "V2_0" } });
        await scenario.SignUpConfirmedAsync("erin");
        _functions.On("preToken", e => e["response"] = new JsonObject
        {
            ["claimsAndScopeOverrideDetails"] = new JsonObject
            {
                ["idTokenGeneration"] = new JsonObject
                {
                    ["claimsToAddOrOverride"] = new JsonObject
                    {
                        ["level"] = 5,
                        ["admin"] = true,
                        ["tags"] = new JsonArray("a", 1, false),
                        ["profile"] = new JsonObject { ["team"] = "blue", ["size"] = 3 },
                    },
                    ["claimsToSuppress"] = new JsonArray("email"),
                },
                ["accessTokenGeneration"] = new JsonObject
                {
                    ["claimsToAddOrOverride"] = new JsonObject { ["tenant"] = "acme", ["client_id"] = "forged" },
                    ["claimsToSuppress"] = new JsonArray("username", "auth_time"),
                    ["scopesToAdd"] = new JsonArray("orders/read"),
                    ["scopesToSuppress"] = new JsonArray("aws.cognito.signin.user.admin"),
                },
            },
        });

        var tokens = await scenario.TokensAsync("erin");

        var e = Assert.Single(_functions.Events("preToken"));
        Assert.Equal("2", e["version"]!.GetValue<string>());
        Assert.Equal("TokenGeneration_Authentication", e["triggerSource"]!.GetValue<string>());
        Assert.Equal("aws.cognito.signin.user.admin", e["request"]!["scopes"]![0]!.GetValue<string>());
        Assert.True(e["response"]!.AsObject().ContainsKey("claimsAndScopeOverrideDetails"));

        Assert.True(await VerifiesAsync(tokens.IdToken, "id"));
        Assert.True(await VerifiesAsync(tokens.AccessToken, "access"));
        var id = Scenario.Payload(tokens.IdToken);
        Assert.Equal(5, id["level"]!.GetValue<int>());
        Assert.True(id["admin"]!.GetValue<bool>());
        Assert.Equal("""["a",1,false]""", id["tags"]!.ToJsonString());
        Assert.Equal("blue", id["profile"]!["team"]!.GetValue<string>());
        Assert.False(id.ContainsKey("email"));
        Assert.False(id.ContainsKey("tenant"));

        var access = Scenario.Payload(tokens.AccessToken);
        Assert.Equal("acme", access["tenant"]!.GetValue<string>());
        Assert.Equal(scenario.ClientId, access["client_id"]!.GetValue<string>());
        Assert.Equal("erin", access["username"]!.GetValue<string>());
        Assert.True(access.ContainsKey("auth_time"));
        Assert.Equal("orders/read", access["scope"]!.GetValue<string>());
        Assert.False(access.ContainsKey("level"));
    }

    [Fact]
    public async Task PreTokenGeneration_V3_customises_client_credentials_tokens_and_V2_does_not_see_them()
    {
        var scenario = await PoolAsync(new { PreTokenGenerationConfig = new { LambdaArn = FunctionServer.Arn("preToken"), LambdaVersion = "V3_0" } });
        await _gatehouse.CallAsync("CreateResourceServer", new
        {
            UserPoolId = scenario.PoolId,
            Identifier = "orders",
            Name = "Orders",
            Scopes = new[] { new { ScopeName = "read", ScopeDescription = "Read" }, new { ScopeName = "write", ScopeDescription = "Write" } },
        });
        var client = (await _gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = scenario.PoolId,
            ClientName = "m2m",
            GenerateSecret = true,
            AllowedOAuthFlows = new[] { "client_credentials" },
            AllowedOAuthScopes = new[] { "orders/read", "orders/write" },
            AllowedOAuthFlowsUserPoolClient = true,
        }))["UserPoolClient"]!;
        var basic = (client["ClientId"]!.GetValue<string>(), client["ClientSecret"]!.GetValue<string>());
        _functions.On("preToken", e => e["response"] = new JsonObject
        {
            ["claimsAndScopeOverrideDetails"] = new JsonObject
            {
                ["idTokenGeneration"] = new JsonObject { ["claimsToAddOrOverride"] = new JsonObject { ["ignored"] = "yes" } },
                ["accessTokenGeneration"] = new JsonObject
                {
                    ["claimsToAddOrOverride"] = new JsonObject { ["tenant"] = "machines", ["sub"] = "forged" },
                    ["scopesToSuppress"] = new JsonArray("orders/write"),
                },
            },
        });

        var answer = await _gatehouse.TokenAsync("grant_type=client_credentials", basic);

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        var e = Assert.Single(_functions.Events("preToken"));
        Assert.Equal("TokenGeneration_ClientCredentials", e["triggerSource"]!.GetValue<string>());
        Assert.Equal("3", e["version"]!.GetValue<string>());
        Assert.Equal(basic.Item1, e["callerContext"]!["clientId"]!.GetValue<string>());
        Assert.Equal(new[] { "orders/read", "orders/write" }, e["request"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(await VerifiesAsync(answer.AccessToken!, "access"));
        var access = Scenario.Payload(answer.AccessToken!);
        Assert.Equal("machines", access["tenant"]!.GetValue<string>());
        Assert.Equal(basic.Item1, access["sub"]!.GetValue<string>());
        Assert.Equal("orders/read", access["scope"]!.GetValue<string>());
        Assert.False(access.ContainsKey("ignored"));

        // A failing trigger gives no token.
        _functions.On("preToken", _ => FunctionReply.Raise("no machines today"));
        var refused = await _gatehouse.TokenAsync("grant_type=client_credentials", basic);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
        Assert.Null(refused.AccessToken);

        // V2 triggers are for users only.
        await _gatehouse.CallAsync("UpdateUserPool", new
        {
            UserPoolId = scenario.PoolId,
            AutoVerifiedAttributes = new[] { "email" },
            LambdaConfig = new { PreTokenGenerationConfig = new { LambdaArn = FunctionServer.Arn("preToken"), LambdaVersion = "V2_0" } },
        });
        var plain = await _gatehouse.TokenAsync("grant_type=client_credentials", basic);
        Assert.Equal(System.Net.HttpStatusCode.OK, plain.Status);
        Assert.Equal(2, _functions.Events("preToken").Count);
    }

    [Fact]
    public async Task PreTokenGeneration_sees_the_code_grant_as_hosted_auth_with_its_scopes()
    {
        var scenario = await PoolAsync(new { PreTokenGenerationConfig = new { LambdaArn = FunctionServer.Arn("preToken"), LambdaVersion = "V2_0" } });
        await scenario.SignUpConfirmedAsync("frank");
        var client = await _gatehouse.CreateOAuthClientAsync(scenario.PoolId);
        _functions.On("preToken", e => e["response"] = new JsonObject
        {
            ["claimsAndScopeOverrideDetails"] = new JsonObject
            {
                ["idTokenGeneration"] = new JsonObject { ["claimsToAddOrOverride"] = new JsonObject { ["via"] = "hosted" } },
            },
        });

        var answer = await _gatehouse.SignInWithCodeAsync(client, "frank", scope: "openid email");

        var e = Assert.Single(_functions.Events("preToken"));
        Assert.Equal("TokenGeneration_HostedAuth", e["triggerSource"]!.GetValue<string>());
        Assert.Equal(new[] { "openid", "email" }, e["request"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("hosted", Scenario.Payload(answer.IdToken!)["via"]!.GetValue<string>());
        Assert.True(await VerifiesAsync(answer.IdToken!, "id"));

        var refreshed = await _gatehouse.TokenAsync(Query.Join(("grant_type", "refresh_token"), ("client_id", client.ClientId), ("refresh_token", answer.RefreshToken)));
        Assert.Equal("TokenGeneration_RefreshTokens", _functions.Events("preToken")[^1]["triggerSource"]!.GetValue<string>());
        Assert.Equal("hosted", Scenario.Payload(refreshed.IdToken!)["via"]!.GetValue<string>());
    }

    /// <summary>Two questions; two wrong answers in a row fail the sequence.</summary>
    private void QuizTriggers()
    {
        static (int Right, int Wrong, bool LastWrong) Count(JsonNode? session)
        {
            var steps = session!.AsArray().Select(s => s!["challengeResult"]!.GetValue<bool>()).ToList();
            return (steps.Count(r => r), steps.Count(r => !r), steps.Count > 0 && !steps[^1]);
        }

        _functions.On("define", e =>
        {
            var (right, wrong, _) = Count(e["request"]!["session"]);
            var response = e["response"]!.AsObject();
            if (wrong >= 2)
            {
                response["issueTokens"] = false;
                response["failAuthentication"] = true;
            }
            else if (right >= 2)
            {
                response["issueTokens"] = true;
                response["failAuthentication"] = false;
            }
            else
            {
                response["challengeName"] = "CUSTOM_CHALLENGE";
                response["issueTokens"] = false;
                response["failAuthentication"] = false;
            }
        });
        _functions.On("create", e =>
        {
            var (right, _, _) = Count(e["request"]!["session"]);
            e["response"] = new JsonObject
            {
                ["publicChallengeParameters"] = new JsonObject { ["question"] = right == 0 ? "first?" : "second?" },
                ["privateChallengeParameters"] = new JsonObject { ["answer"] = right == 0 ? "one" : "two" },
                ["challengeMetadata"] = right == 0 ? "Q1" : "Q2",
            };
        });
        _functions.On("verify", e => e["response"]!["answerCorrect"] =
            e["request"]!["challengeAnswer"]!.GetValue<string>() == e["request"]!["privateChallengeParameters"]!["answer"]!.GetValue<string>());
    }

    private Task<JsonNode> AnswerAsync(Scenario scenario, JsonNode challenge, string answer) =>
        _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            scenario.ClientId,
            ChallengeName = "CUSTOM_CHALLENGE",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = Scenario.Parameters(("USERNAME", "gina"), ("ANSWER", answer)),
        });

    [Fact]
    public async Task CUSTOM_AUTH_runs_the_challenge_triggers_until_tokens()
    {
        var scenario = await PoolAsync(new
        {
            DefineAuthChallenge = FunctionServer.Arn("define"),
            CreateAuthChallenge = FunctionServer.Arn("create"),
            VerifyAuthChallengeResponse = FunctionServer.Arn("verify"),
            PreAuthentication = FunctionServer.Arn("preAuth"),
            PostAuthentication = FunctionServer.Arn("postAuth"),
        });
        await scenario.SignUpConfirmedAsync("gina");
        QuizTriggers();
        _functions.On("preAuth", _ => { });
        _functions.On("postAuth", _ => { });

        var first = await _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "CUSTOM_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "gina")),
            ClientMetadata = new Dictionary<string, string> { ["app"] = "quiz" },
        });
        Assert.Equal("CUSTOM_CHALLENGE", first["ChallengeName"]!.GetValue<string>());
        Assert.Equal("first?", first["ChallengeParameters"]!["question"]!.GetValue<string>());
        Assert.Equal("gina", first["ChallengeParameters"]!["USERNAME"]!.GetValue<string>());
        Assert.False(first["ChallengeParameters"]!.AsObject().ContainsKey("answer"), "private parameters stay private");
        Assert.Single(_functions.Events("preAuth"));

        var define = _functions.Events("define")[0];
        Assert.Equal("DefineAuthChallenge_Authentication", define["triggerSource"]!.GetValue<string>());
        Assert.Empty(define["request"]!["session"]!.AsArray());
        Assert.False(define["request"]!["userNotFound"]!.GetValue<bool>());
        Assert.Equal("quiz", define["request"]!["clientMetadata"]!["app"]!.GetValue<string>());
        var create = _functions.Events("create")[0];
        Assert.Equal("CreateAuthChallenge_Authentication", create["triggerSource"]!.GetValue<string>());
        Assert.Equal("CUSTOM_CHALLENGE", create["request"]!["challengeName"]!.GetValue<string>());
        Assert.Equal("gina@example.com", create["request"]!["userAttributes"]!["email"]!.GetValue<string>());

        var again = await AnswerAsync(scenario, first, "wrong");
        Assert.Equal("first?", again["ChallengeParameters"]!["question"]!.GetValue<string>());
        var verify = _functions.Events("verify")[0];
        Assert.Equal("VerifyAuthChallengeResponse_Authentication", verify["triggerSource"]!.GetValue<string>());
        Assert.Equal("wrong", verify["request"]!["challengeAnswer"]!.GetValue<string>());
        Assert.Equal("one", verify["request"]!["privateChallengeParameters"]!["answer"]!.GetValue<string>());

        // The session was used: answering it again fails.
        await _gatehouse.FailAsync("RespondToAuthChallenge", new
        {
            scenario.ClientId,
            ChallengeName = "CUSTOM_CHALLENGE",
            Session = first["Session"]!.GetValue<string>(),
            ChallengeResponses = Scenario.Parameters(("USERNAME", "gina"), ("ANSWER", "one")),
        }, "NotAuthorizedException");

        var second = await AnswerAsync(scenario, again, "one");
        Assert.Equal("second?", second["ChallengeParameters"]!["question"]!.GetValue<string>());
        var done = await AnswerAsync(scenario, second, "two");

        var result = done["AuthenticationResult"]!;
        Assert.True(await VerifiesAsync(result["IdToken"]!.GetValue<string>(), "id"));
        Assert.NotNull(result["RefreshToken"]);
        var history = _functions.Events("define")[^1]["request"]!["session"]!.AsArray();
        Assert.Equal(new[] { false, true, true }, history.Select(s => s!["challengeResult"]!.GetValue<bool>()));
        Assert.Equal(new[] { "Q1", "Q1", "Q2" }, history.Select(s => s!["challengeMetadata"]!.GetValue<string>()));
        Assert.All(history, s => Assert.Equal("CUSTOM_CHALLENGE", s!["challengeName"]!.GetValue<string>()));
        Assert.Single(_functions.Events("postAuth"));
    }

    [Fact]
    public async Task CUSTOM_AUTH_fails_as_Cognito_does()
    {
        var triggers = new
        {
            DefineAuthChallenge = FunctionServer.Arn("define"),
            CreateAuthChallenge = FunctionServer.Arn("create"),
            VerifyAuthChallengeResponse = FunctionServer.Arn("verify"),
        };
        var scenario = await PoolAsync(triggers);
        await scenario.SignUpConfirmedAsync("gina");
        QuizTriggers();
        object Start(string clientId) => new { AuthFlow = "CUSTOM_AUTH", ClientId = clientId, AuthParameters = Scenario.Parameters(("USERNAME", "gina")) };

        var challenge = await _gatehouse.CallAsync("InitiateAuth", Start(scenario.ClientId));
        var again = await AnswerAsync(scenario, challenge, "wrong");
        var failed = await Assert.ThrowsAsync<CognitoError>(() => AnswerAsync(scenario, again, "still wrong"));
        Assert.Equal("NotAuthorizedException", failed.Type);
        Assert.Equal("Incorrect username or password.", failed.AwsMessage);

        _functions.On("define", e => e["response"]!["challengeName"] = "PASSWORD_VERIFIER");
        await _gatehouse.FailAsync("InitiateAuth", Start(scenario.ClientId), "InvalidParameterException");

        await _gatehouse.FailAsync("InitiateAuth", new { AuthFlow = "CUSTOM_AUTH", scenario.ClientId, AuthParameters = Scenario.Parameters(("USERNAME", "nobody")) }, "UserNotFoundException");

        var other = await Scenario.CreateAsync(_gatehouse, flows: ["ALLOW_USER_PASSWORD_AUTH"], poolSettings: new { PoolName = "x", LambdaConfig = triggers });
        var disabled = await _gatehouse.FailAsync("InitiateAuth", Start(other.ClientId), "InvalidParameterException");
        Assert.Equal("Custom auth flow not enabled for this client", disabled.AwsMessage);

        var bare = await Scenario.CreateAsync(_gatehouse, flows: ["ALLOW_CUSTOM_AUTH"]);
        var missing = await _gatehouse.FailAsync("InitiateAuth", Start(bare.ClientId), "InvalidParameterException");
        Assert.Equal("Custom auth lambda trigger is not configured for the user pool.", missing.AwsMessage);
    }

    [Fact]
    public async Task The_hosted_login_page_runs_the_sign_in_triggers_and_the_implicit_grant_sees_PreTokenGeneration()
    {
        var pool = await HostedPool.CreateAsync(_gatehouse, new
        {
            PoolName = "hosted",
            AutoVerifiedAttributes = new[] { "email" },
            LambdaConfig = new
            {
                PreAuthentication = FunctionServer.Arn("preAuth"),
                PostAuthentication = FunctionServer.Arn("postAuth"),
                PreTokenGeneration = FunctionServer.Arn("preToken"),
            },
        });
        await pool.CreateUserAsync("hank");
        _functions.On("preAuth", _ => FunctionReply.Raise("not from here"));
        _functions.On("postAuth", async e =>
        {
            // Calls back into Gatehouse while the page waits: the writer must be free.
            await _gatehouse.CallAsync("AdminUpdateUserAttributes", new
            {
                UserPoolId = pool.PoolId,
                Username = "hank",
                UserAttributes = new[] { new { Name = "name", Value = "Hank" } },
            });
            return FunctionReply.Json(e);
        });
        _functions.On("preToken", e => e["response"] = new JsonObject
        {
            ["claimsOverrideDetails"] = new JsonObject { ["claimsToAddOrOverride"] = new JsonObject { ["via"] = "implicit" } },
        });

        var browser = new HostedBrowser(_gatehouse);
        var refused = await pool.SignInAsync(browser, pool.Query(responseType: "token"), "hank");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("PreAuthentication failed with error not from here.", refused.Alert);
        Assert.Empty(_functions.Events("postAuth"));

        _functions.On("preAuth", _ => { });
        var signedIn = await pool.SignInAsync(browser, pool.Query(responseType: "token"), "hank");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.Status);
        Assert.Single(_functions.Events("postAuth"));
        var e = Assert.Single(_functions.Events("preToken"));
        Assert.Equal("TokenGeneration_HostedAuth", e["triggerSource"]!.GetValue<string>());
        var id = Scenario.Payload(signedIn.LocationParameter("id_token")!);
        Assert.Equal("implicit", id["via"]!.GetValue<string>());
        Assert.Equal("Hank", id["name"]!.GetValue<string>());
        Assert.True(await VerifiesAsync(signedIn.LocationParameter("id_token")!, "id"));
    }

    [Fact]
    public async Task A_new_password_challenge_ends_in_TokenGeneration_NewPasswordChallenge_after_PostAuthentication()
    {
        var scenario = await PoolAsync(new { PreTokenGeneration = FunctionServer.Arn("preToken"), PostAuthentication = FunctionServer.Arn("postAuth") });
        await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = scenario.PoolId, Username = "ivan", TemporaryPassword = "Temp0rary!", MessageAction = "SUPPRESS" });
        _functions.On("preToken", _ => { });
        _functions.On("postAuth", _ => { });

        var challenge = await scenario.SignInAsync("ivan", "Temp0rary!");
        Assert.Equal("NEW_PASSWORD_REQUIRED", challenge["ChallengeName"]!.GetValue<string>());
        Assert.Empty(_functions.Events("postAuth"));
        Assert.Empty(_functions.Events("preToken"));

        var done = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            scenario.ClientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = Scenario.Parameters(("USERNAME", "ivan"), ("NEW_PASSWORD", Scenario.Password)),
        });
        Assert.NotNull(done["AuthenticationResult"]!["IdToken"]);
        Assert.Single(_functions.Events("postAuth"));
        Assert.Equal("TokenGeneration_NewPasswordChallenge", Assert.Single(_functions.Events("preToken"))["triggerSource"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_that_hides_user_existence_sends_userNotFound_and_an_unknown_user_never_gets_tokens()
    {
        var scenario = await PoolAsync(new
        {
            PreAuthentication = FunctionServer.Arn("preAuth"),
            DefineAuthChallenge = FunctionServer.Arn("define"),
            CreateAuthChallenge = FunctionServer.Arn("create"),
            VerifyAuthChallengeResponse = FunctionServer.Arn("verify"),
        });
        await _gatehouse.CallAsync("UpdateUserPoolClient", new
        {
            UserPoolId = scenario.PoolId,
            scenario.ClientId,
            ExplicitAuthFlows = AllFlows,
            PreventUserExistenceErrors = "ENABLED",
        });
        await scenario.SignUpConfirmedAsync("judy");
        _functions.On("preAuth", _ => { });
        QuizTriggers();

        await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "ghost"), ("PASSWORD", Scenario.Password)),
        }, "NotAuthorizedException");
        var e = Assert.Single(_functions.Events("preAuth"));
        Assert.True(e["request"]!["userNotFound"]!.GetValue<bool>());
        Assert.Equal("ghost", e["userName"]!.GetValue<string>());
        Assert.Empty(e["request"]!["userAttributes"]!.AsObject());

        await scenario.SignInAsync("judy");
        Assert.False(_functions.Events("preAuth")[^1]["request"]!["userNotFound"]!.GetValue<bool>());

        // CUSTOM_AUTH for nobody goes through the challenges like anyone else, and cannot end in tokens.
        _functions.On("define", ev => ev["response"]!["issueTokens"] = true);
        var failed = await _gatehouse.FailAsync("InitiateAuth", new { AuthFlow = "CUSTOM_AUTH", scenario.ClientId, AuthParameters = Scenario.Parameters(("USERNAME", "ghost")) }, "NotAuthorizedException");
        Assert.Equal("Incorrect username or password.", failed.AwsMessage);
        Assert.True(_functions.Events("define")[^1]["request"]!["userNotFound"]!.GetValue<bool>());
    }
}
