using System.Text.Json.Nodes;
using Gatehouse.Core.Auth.Srp;
using Gatehouse.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>USER_SRP_AUTH and PASSWORD_VERIFIER, driven by a client that computes SRP like amazon-cognito-identity-js.</summary>
public sealed class SrpSignInTests : IAsyncLifetime
{
    private static readonly string[] SrpFlows = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

    private TestGatehouse _gatehouse = null!;
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _s = await Scenario.CreateAsync(_gatehouse, flows: SrpFlows);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_signed_up_user_signs_in_with_SRP_and_gets_tokens()
    {
        await _s.SignUpConfirmedAsync("alice");
        var challenge = await InitiateAsync(_s, "alice", new ReferenceSrpClient());
        Assert.Equal("PASSWORD_VERIFIER", challenge["ChallengeName"]!.GetValue<string>());
        Assert.Null(challenge["Session"]);
        var parameters = challenge["ChallengeParameters"]!.AsObject();
        Assert.Equal(["SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"], parameters.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("alice", parameters["USER_ID_FOR_SRP"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]+$", parameters["SRP_B"]!.GetValue<string>());

        var result = await SignInAsync(_s, "alice", Scenario.Password);
        var access = Scenario.Payload(result["AuthenticationResult"]!["AccessToken"]!.GetValue<string>());
        Assert.Equal("alice", access["username"]!.GetValue<string>());
        Assert.NotNull(result["AuthenticationResult"]!["RefreshToken"]);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_counts_toward_the_lockout()
    {
        await _s.SignUpConfirmedAsync("bob");
        // The fifth failure in a row locks sign-in (for a second, on a clock that does not move here).
        for (var i = 0; i < 5; i++)
        {
            var wrong = await FailSignInAsync(_s, "bob", "Wrong-passw0rd!", "NotAuthorizedException");
            Assert.Equal("Incorrect username or password.", wrong.AwsMessage);
        }

        var locked = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "bob"), ("PASSWORD", Scenario.Password)),
        }, "NotAuthorizedException");
        Assert.Equal("Password attempts exceeded", locked.AwsMessage);
        var lockedSrp = await FailSignInAsync(_s, "bob", Scenario.Password, "NotAuthorizedException");
        Assert.Equal("Password attempts exceeded", lockedSrp.AwsMessage);
    }

    [Fact]
    public async Task An_answer_is_accepted_once()
    {
        await _s.SignUpConfirmedAsync("carol");
        var answer = await AnswerAsync(_s, "carol", Scenario.Password);
        await _gatehouse.CallAsync("RespondToAuthChallenge", answer);
        var replay = await _gatehouse.FailAsync("RespondToAuthChallenge", answer, "NotAuthorizedException");
        Assert.Equal("Invalid session for the user, session can only be used once.", replay.AwsMessage);
    }

    [Fact]
    public async Task A_timestamp_outside_five_minutes_or_malformed_is_refused()
    {
        await _s.SignUpConfirmedAsync("dave");
        foreach (var offset in new[] { TimeSpan.FromMinutes(-6), TimeSpan.FromMinutes(6) })
        {
            var answer = await AnswerAsync(_s, "dave", Scenario.Password, timestampOffset: offset);
            await _gatehouse.FailAsync("RespondToAuthChallenge", answer, "NotAuthorizedException");
        }

        var malformed = await AnswerAsync(_s, "dave", Scenario.Password, timestampText: "2026-11-22T10:00:00Z");
        await _gatehouse.FailAsync("RespondToAuthChallenge", malformed, "NotAuthorizedException");
        await SignInAsync(_s, "dave", Scenario.Password);
    }

    [Fact]
    public async Task A_forged_signature_or_a_tampered_or_foreign_secret_block_is_refused()
    {
        await _s.SignUpConfirmedAsync("erin");
        var forged = await AnswerAsync(_s, "erin", Scenario.Password);
        forged.ChallengeResponses["PASSWORD_CLAIM_SIGNATURE"] = Convert.ToBase64String(new byte[32]);
        Assert.Equal("Incorrect username or password.", (await _gatehouse.FailAsync("RespondToAuthChallenge", forged, "NotAuthorizedException")).AwsMessage);

        var notBase64 = await AnswerAsync(_s, "erin", Scenario.Password);
        notBase64.ChallengeResponses["PASSWORD_CLAIM_SIGNATURE"] = "not base64!";
        await _gatehouse.FailAsync("RespondToAuthChallenge", notBase64, "NotAuthorizedException");

        var tampered = await AnswerAsync(_s, "erin", Scenario.Password);
        var block = Convert.FromBase64String(tampered.ChallengeResponses["PASSWORD_CLAIM_SECRET_BLOCK"]);
        block[^1] ^= 1;
        tampered.ChallengeResponses["PASSWORD_CLAIM_SECRET_BLOCK"] = Convert.ToBase64String(block);
        Assert.Equal("Invalid session for the user.", (await _gatehouse.FailAsync("RespondToAuthChallenge", tampered, "NotAuthorizedException")).AwsMessage);

        var other = await _gatehouse.CallAsync("CreateUserPoolClient", new { UserPoolId = _s.PoolId, ClientName = "other", ExplicitAuthFlows = SrpFlows });
        var foreign = await AnswerAsync(_s, "erin", Scenario.Password);
        var moved = foreign with { ClientId = other["UserPoolClient"]!["ClientId"]!.GetValue<string>() };
        await _gatehouse.FailAsync("RespondToAuthChallenge", moved, "NotAuthorizedException");
    }

    [Fact]
    public async Task A_secret_block_expires_with_the_clients_auth_session_validity()
    {
        await _s.SignUpConfirmedAsync("fay");
        var answer = await AnswerAsync(_s, "fay", Scenario.Password);
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        var expired = await _gatehouse.FailAsync("RespondToAuthChallenge", answer, "NotAuthorizedException");
        Assert.Equal("Invalid session for the user, session is expired.", expired.AwsMessage);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData(ReferenceSrpClient.NHex)]
    [InlineData("not-hex")]
    [InlineData("0x1234")]
    public async Task SRP_A_that_is_zero_mod_N_or_not_hex_is_refused(string srpA)
    {
        await _s.SignUpConfirmedAsync("gus");
        var error = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_SRP_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "gus"), ("SRP_A", srpA)),
        }, "InvalidParameterException");
        Assert.Equal("Invalid SRP_A", error.AwsMessage);
    }

    [Fact]
    public async Task Twice_N_is_zero_mod_N_too()
    {
        var twiceN = Convert.ToHexStringLower((ReferenceSrpClient.N * 2).ToByteArray(isUnsigned: true, isBigEndian: true));
        await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_SRP_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "anyone"), ("SRP_A", twiceN)),
        }, "InvalidParameterException");
    }

    [Fact]
    public async Task The_flow_must_be_allowed_for_the_client()
    {
        var plain = await Scenario.CreateAsync(_gatehouse);
        await plain.SignUpConfirmedAsync("hal");
        var error = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_SRP_AUTH",
            plain.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "hal"), ("SRP_A", new ReferenceSrpClient().SrpA)),
        }, "InvalidParameterException");
        Assert.Equal("USER_SRP_AUTH is not enabled for the client.", error.AwsMessage);
    }

    [Fact]
    public async Task Unknown_users_are_reported_or_given_a_simulated_challenge_that_fails()
    {
        var notFound = await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_SRP_AUTH",
            _s.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "nobody"), ("SRP_A", new ReferenceSrpClient().SrpA)),
        }, "UserNotFoundException");
        Assert.Equal("User does not exist.", notFound.AwsMessage);

        var hiding = await _gatehouse.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = _s.PoolId,
            ClientName = "hiding",
            ExplicitAuthFlows = SrpFlows,
            PreventUserExistenceErrors = "ENABLED",
        });
        var scenario = new Scenario(_gatehouse, _s.PoolId, hiding["UserPoolClient"]!["ClientId"]!.GetValue<string>(), null);
        var answer = await AnswerAsync(scenario, "nobody", Scenario.Password);
        var refused = await _gatehouse.FailAsync("RespondToAuthChallenge", answer, "NotAuthorizedException");
        Assert.Equal("Incorrect username or password.", refused.AwsMessage);

        // Like a real user's salt, a simulated one does not change between calls, so asking twice tells nothing.
        await _s.SignUpConfirmedAsync("somebody");
        foreach (var name in new[] { "nobody", "somebody" })
        {
            var first = await InitiateAsync(scenario, name, new ReferenceSrpClient());
            var second = await InitiateAsync(scenario, name, new ReferenceSrpClient());
            Assert.Equal(first["ChallengeParameters"]!["SALT"]!.GetValue<string>(), second["ChallengeParameters"]!["SALT"]!.GetValue<string>());
        }

        var other = await InitiateAsync(scenario, "nobody-else", new ReferenceSrpClient());
        Assert.NotEqual(
            (await InitiateAsync(scenario, "nobody", new ReferenceSrpClient()))["ChallengeParameters"]!["SALT"]!.GetValue<string>(),
            other["ChallengeParameters"]!["SALT"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_with_a_secret_needs_the_secret_hash_at_both_steps()
    {
        var secret = await Scenario.CreateAsync(_gatehouse, secret: true, flows: SrpFlows);
        await secret.SignUpConfirmedAsync("ivy");
        await _gatehouse.FailAsync("InitiateAuth", new
        {
            AuthFlow = "USER_SRP_AUTH",
            secret.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "ivy"), ("SRP_A", new ReferenceSrpClient().SrpA)),
        }, "NotAuthorizedException");

        var answer = await AnswerAsync(secret, "ivy", Scenario.Password);
        var withoutHash = answer with { ChallengeResponses = new(answer.ChallengeResponses) };
        withoutHash.ChallengeResponses.Remove("SECRET_HASH");
        await _gatehouse.FailAsync("RespondToAuthChallenge", withoutHash, "NotAuthorizedException");
        await SignInAsync(secret, "ivy", Scenario.Password);
    }

    [Fact]
    public async Task In_an_email_as_username_pool_the_user_id_for_SRP_is_the_internal_username()
    {
        var emailPool = await Scenario.CreateAsync(
            _gatehouse, poolSettings: new { PoolName = "by-email", UsernameAttributes = new[] { "email" }, AutoVerifiedAttributes = new[] { "email" } }, flows: SrpFlows);
        await _gatehouse.CallAsync("AdminCreateUser", new
        {
            UserPoolId = emailPool.PoolId,
            Username = "jo@example.com",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = "jo@example.com" }, new { Name = "email_verified", Value = "true" } },
        });
        await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = emailPool.PoolId, Username = "jo@example.com", Password = Scenario.Password, Permanent = true });
        var challenge = await InitiateAsync(emailPool, "jo@example.com", new ReferenceSrpClient());
        var userId = challenge["ChallengeParameters"]!["USER_ID_FOR_SRP"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f-]{36}$", userId);
        var result = await SignInAsync(emailPool, "jo@example.com", Scenario.Password);
        Assert.Equal(userId, Scenario.Payload(result["AuthenticationResult"]!["AccessToken"]!.GetValue<string>())["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_created_user_goes_through_NEW_PASSWORD_REQUIRED_after_the_verifier()
    {
        await _gatehouse.CallAsync("AdminCreateUser", new { UserPoolId = _s.PoolId, Username = "kim", TemporaryPassword = "Temp-passw0rd!", MessageAction = "SUPPRESS" });
        var answer = await AnswerAsync(_s, "kim", "Temp-passw0rd!");
        var next = await _gatehouse.CallAsync("RespondToAuthChallenge", answer);
        Assert.Equal("NEW_PASSWORD_REQUIRED", next["ChallengeName"]!.GetValue<string>());
        var tokens = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = next["Session"]!.GetValue<string>(),
            ChallengeResponses = Scenario.Parameters(("USERNAME", "kim"), ("NEW_PASSWORD", "New-passw0rd!")),
        });
        Assert.NotNull(tokens["AuthenticationResult"]);
        await SignInAsync(_s, "kim", "New-passw0rd!");
        await FailSignInAsync(_s, "kim", "Temp-passw0rd!", "NotAuthorizedException");
    }

    [Fact]
    public async Task Every_way_of_setting_a_password_gives_an_SRP_verifier()
    {
        await _s.SignUpConfirmedAsync("lee");
        await _gatehouse.CallAsync("AdminSetUserPassword", new { UserPoolId = _s.PoolId, Username = "lee", Password = "Admin-set-passw0rd!", Permanent = true });
        await SignInAsync(_s, "lee", "Admin-set-passw0rd!");

        var tokens = await _s.TokensAsync("lee", "Admin-set-passw0rd!");
        await _gatehouse.CallAsync("ChangePassword", new { tokens.AccessToken, PreviousPassword = "Admin-set-passw0rd!", ProposedPassword = "Changed-passw0rd!" });
        await SignInAsync(_s, "lee", "Changed-passw0rd!");

        await _gatehouse.CallAsync("AdminResetUserPassword", new { UserPoolId = _s.PoolId, Username = "lee" });
        var reset = await FailSignInAsync(_s, "lee", "Changed-passw0rd!", "PasswordResetRequiredException");
        Assert.Equal("Password reset required for the user", reset.AwsMessage);
        var code = await _s.LatestCodeAsync("lee");
        await _gatehouse.CallAsync("ConfirmForgotPassword", new { _s.ClientId, Username = "lee", ConfirmationCode = code, Password = "Reset-passw0rd!" });
        await SignInAsync(_s, "lee", "Reset-passw0rd!");
    }

    [Fact]
    public async Task A_user_whose_password_predates_SRP_gets_a_verifier_at_the_next_password_sign_in()
    {
        await _s.SignUpConfirmedAsync("max");
        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using (var session = await store.OpenAsync(write: true, CancellationToken.None))
        {
            var user = (await session.GetUserAsync(_s.PoolId, "max", CancellationToken.None))!;
            user.SrpVerifier = null;
            await session.SaveUserAsync(user, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        await FailSignInAsync(_s, "max", Scenario.Password, "NotAuthorizedException");
        await _s.SignInAsync("max");
        await SignInAsync(_s, "max", Scenario.Password);
    }

    [Fact]
    public async Task Disabled_and_unconfirmed_users_are_refused_after_the_proof()
    {
        await _gatehouse.CallAsync("SignUp", new { _s.ClientId, Username = "ned", Password = Scenario.Password, UserAttributes = new[] { new { Name = "email", Value = "ned@example.com" } } });
        Assert.Equal("User is not confirmed.", (await FailSignInAsync(_s, "ned", Scenario.Password, "UserNotConfirmedException")).AwsMessage);

        await _s.SignUpConfirmedAsync("ola");
        await _gatehouse.CallAsync("AdminDisableUser", new { UserPoolId = _s.PoolId, Username = "ola" });
        Assert.Equal("User is disabled.", (await FailSignInAsync(_s, "ola", Scenario.Password, "NotAuthorizedException")).AwsMessage);
    }

    [Fact]
    public async Task Admin_initiate_auth_supports_SRP_too()
    {
        await _s.SignUpConfirmedAsync("pat");
        var client = new ReferenceSrpClient();
        var challenge = await _gatehouse.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = _s.PoolId,
            _s.ClientId,
            AuthFlow = "USER_SRP_AUTH",
            AuthParameters = Scenario.Parameters(("USERNAME", "pat"), ("SRP_A", client.SrpA)),
        });
        var answer = Answer(_s, challenge, client, Scenario.Password, TimeSpan.Zero, null);
        var result = await _gatehouse.CallAsync("AdminRespondToAuthChallenge", new
        {
            UserPoolId = _s.PoolId,
            answer.ClientId,
            answer.ChallengeName,
            answer.ChallengeResponses,
        });
        Assert.NotNull(result["AuthenticationResult"]);
    }

    [Fact]
    public async Task Missing_answer_members_are_invalid_parameters()
    {
        foreach (var missing in new[] { "USERNAME", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP", "PASSWORD_CLAIM_SECRET_BLOCK" })
        {
            await _s.SignUpConfirmedAsync("q" + missing.ToLowerInvariant().Replace("_", "", StringComparison.Ordinal));
        }

        var answer = await AnswerAsync(_s, "qusername", Scenario.Password);
        foreach (var missing in new[] { "USERNAME", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP", "PASSWORD_CLAIM_SECRET_BLOCK" })
        {
            var partial = answer with { ChallengeResponses = new(answer.ChallengeResponses) };
            partial.ChallengeResponses.Remove(missing);
            var error = await _gatehouse.FailAsync("RespondToAuthChallenge", partial, "InvalidParameterException");
            Assert.Equal($"Missing required parameter {missing}", error.AwsMessage);
        }
    }

    internal sealed record SrpAnswer(string ClientId, string ChallengeName, Dictionary<string, string> ChallengeResponses);

    private Task<JsonNode> InitiateAsync(Scenario scenario, string username, ReferenceSrpClient client) =>
        _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_SRP_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", username), ("SRP_A", client.SrpA), ("SECRET_HASH", scenario.SecretHash(username))),
        });

    private async Task<SrpAnswer> AnswerAsync(
        Scenario scenario, string username, string password, TimeSpan timestampOffset = default, string? timestampText = null)
    {
        var client = new ReferenceSrpClient();
        var challenge = await InitiateAsync(scenario, username, client);
        return Answer(scenario, challenge, client, password, timestampOffset, timestampText);
    }

    private SrpAnswer Answer(Scenario scenario, JsonNode challenge, ReferenceSrpClient client, string password, TimeSpan timestampOffset, string? timestampText)
    {
        var parameters = challenge["ChallengeParameters"]!;
        var userId = parameters["USER_ID_FOR_SRP"]!.GetValue<string>();
        var block = parameters["SECRET_BLOCK"]!.GetValue<string>();
        var timestamp = timestampText ?? SrpTimestamp.Format(_gatehouse.Clock.GetUtcNow() + timestampOffset);
        var signature = client.Signature(
            SrpVerifier.PoolName(scenario.PoolId), userId, password, parameters["SRP_B"]!.GetValue<string>(), parameters["SALT"]!.GetValue<string>(), block, timestamp);
        var responses = Scenario.Parameters(
            ("USERNAME", userId), ("PASSWORD_CLAIM_SECRET_BLOCK", block), ("TIMESTAMP", timestamp), ("PASSWORD_CLAIM_SIGNATURE", signature),
            ("SECRET_HASH", scenario.SecretHash(userId)));
        return new SrpAnswer(scenario.ClientId, "PASSWORD_VERIFIER", responses);
    }

    private async Task<JsonNode> SignInAsync(Scenario scenario, string username, string password) =>
        await _gatehouse.CallAsync("RespondToAuthChallenge", await AnswerAsync(scenario, username, password));

    private async Task<CognitoError> FailSignInAsync(Scenario scenario, string username, string password, string type) =>
        await _gatehouse.FailAsync("RespondToAuthChallenge", await AnswerAsync(scenario, username, password), type);
}
