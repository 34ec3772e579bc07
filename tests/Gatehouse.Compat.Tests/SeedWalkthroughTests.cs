using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// The walkthroughs of the seed articles, command for command, as their readers run them: the AWS CLI (seeds 000 and
/// 003) and boto3 (seed 002). Tokens are verified against the pool's JWKS by joserfc and by jose.
/// </summary>
/// <remarks>
/// Written ahead of SignUp, ConfirmSignUp, AdminConfirmSignUp, InitiateAuth, AdminCreateUser, RespondToAuthChallenge and
/// AdminInitiateAuth, which land on other branches. To enable every test here at once, set <see cref="Pending"/> to null.
/// </remarks>
[Trait("Category", "Seeds")]
public sealed class SeedWalkthroughTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private const string? Pending = null;

    private readonly GatehouseProcess _server = fixture.Server;

    [Fact(Skip = Pending)]
    public async Task Seed000_sign_up_confirm_with_the_emailed_code_and_initiate_auth()
    {
        // Steps 7-10: a pool with email verification, and an app client without a secret for USER_PASSWORD_AUTH.
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", "MySimpleUP", "--auto-verified-attributes", "email"))
            .Json()["UserPool"]!["Id"]!.GetValue<string>();
        var clientId = await CreateClientAsync(poolId, "MySimpleAppClient", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");

        // Step 17: sign-up.
        var signUp = (await _server.CognitoIdpAsync(
            "sign-up", "--client-id", clientId, "--username", "alice", "--password", "Passw0rd!", "--user-attributes", "Name=email,Value=alice@example.com"))
            .Json();
        Assert.False(signUp["UserConfirmed"]!.GetValue<bool>());
        var delivery = signUp["CodeDeliveryDetails"]!;
        Assert.Equal("a***@e***", delivery["Destination"]!.GetValue<string>());
        Assert.Equal("EMAIL", delivery["DeliveryMedium"]!.GetValue<string>());
        Assert.Equal("email", delivery["AttributeName"]!.GetValue<string>());
        var sub = signUp["UserSub"]!.GetValue<string>();
        Assert.True(Guid.TryParse(sub, out _));

        // Not signed in before confirming.
        var early = (await _server.CognitoIdpAsync(
            "initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId, "--auth-parameters", "USERNAME=alice,PASSWORD=Passw0rd!")).Failed();
        Assert.Contains("(UserNotConfirmedException)", early.Stderr, StringComparison.Ordinal);

        // Step 18: the emailed code, read from the outbox, confirms the user; the CLI prints nothing.
        var code = await LatestCodeAsync(poolId, "alice");
        Assert.Matches("^[0-9]{6}$", code);
        var confirmed = (await _server.CognitoIdpAsync("confirm-sign-up", "--client-id", clientId, "--username", "alice", "--confirmation-code", code)).Succeeded();
        Assert.Empty(confirmed.Stdout.Trim());

        // Step 19: initiate-auth returns the three tokens.
        var auth = (await _server.CognitoIdpAsync(
            "initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId, "--auth-parameters", "USERNAME=alice,PASSWORD=Passw0rd!")).Json();
        Assert.Empty(auth["ChallengeParameters"]!.AsObject());
        var result = AssertTokens(auth, withRefreshToken: true);
        var (signedIn, _) = await TokenChecks.VerifyAsync(_server, poolId, clientId, result, new ExpectedUser("alice", sub, "alice@example.com", EmailVerified: true));

        // "When this duration is expired we need to refresh them": REFRESH_TOKEN_AUTH gives new ID and access tokens.
        var refreshToken = result["RefreshToken"]!.GetValue<string>();
        var refreshed = (await _server.CognitoIdpAsync(
            "initiate-auth", "--auth-flow", "REFRESH_TOKEN_AUTH", "--client-id", clientId,
            "--auth-parameters", new JsonObject { ["REFRESH_TOKEN"] = refreshToken }.ToJsonString())).Json();
        var again = AssertTokens(refreshed, withRefreshToken: false);
        var (id, _) = await TokenChecks.VerifyAsync(_server, poolId, clientId, again, new ExpectedUser("alice", sub, "alice@example.com", EmailVerified: true));
        Assert.NotEqual(result["IdToken"]!.GetValue<string>(), again["IdToken"]!.GetValue<string>());

        // Refreshed tokens belong to the original sign-in: same origin_jti (what revocation keys on) and auth_time.
        Assert.Equal(signedIn["origin_jti"]!.GetValue<string>(), id["origin_jti"]!.GetValue<string>());
        Assert.Equal(signedIn["auth_time"]!.GetValue<long>(), id["auth_time"]!.GetValue<long>());
    }

    [Fact(Skip = Pending)]
    public async Task Seed003_sign_up_then_admin_confirm_sign_up_then_initiate_auth()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", "amplify-auth")).Json()["UserPool"]!["Id"]!.GetValue<string>();
        var clientId = await CreateClientAsync(poolId, "amplify-client", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");

        var signUp = (await _server.CognitoIdpAsync(
            "sign-up", "--region", "us-east-1", "--client-id", clientId, "--username", "xyz.abc", "--password", "Passw0rd!",
            "--user-attributes", "Name=email,Value=xyz.abc@efg.com")).Json();
        Assert.False(signUp["UserConfirmed"]!.GetValue<bool>());
        var sub = signUp["UserSub"]!.GetValue<string>();

        var confirmed = (await _server.CognitoIdpAsync("admin-confirm-sign-up", "--region", "us-east-1", "--user-pool-id", poolId, "--username", "xyz.abc"))
            .Succeeded();
        Assert.Empty(confirmed.Stdout.Trim());

        var auth = (await _server.CognitoIdpAsync(
            "initiate-auth", "--client-id", clientId, "--auth-flow", "USER_PASSWORD_AUTH", "--auth-parameters", "USERNAME=xyz.abc,PASSWORD=Passw0rd!")).Json();
        var result = AssertTokens(auth, withRefreshToken: true);

        // AdminConfirmSignUp confirms the account, not the email address: email_verified stays false.
        await TokenChecks.VerifyAsync(_server, poolId, clientId, result, new ExpectedUser("xyz.abc", sub, "xyz.abc@efg.com", EmailVerified: false));
    }

    [Fact(Skip = Pending)]
    public async Task Seed003_admin_create_user_answers_new_password_required_then_respond_to_auth_challenge()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", "amplify-admin")).Json()["UserPool"]!["Id"]!.GetValue<string>();
        var clientId = await CreateClientAsync(poolId, "amplify-client", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");

        var created = (await _server.CognitoIdpAsync(
            "admin-create-user", "--user-pool-id", poolId, "--username", "xyz.abc", "--temporary-password", "TempPassw0rd!",
            "--user-attributes", "Name=email,Value=xyz.abc@efg.com", "Name=email_verified,Value=true", "--message-action", "SUPPRESS")).Json()["User"]!;
        Assert.Equal("xyz.abc", created["Username"]!.GetValue<string>());
        Assert.Equal("FORCE_CHANGE_PASSWORD", created["UserStatus"]!.GetValue<string>());
        Assert.True(created["Enabled"]!.GetValue<bool>());

        // "The password set for the new user is temporary and it needs to be changed."
        var challenge = (await _server.CognitoIdpAsync(
            "initiate-auth", "--client-id", clientId, "--auth-flow", "USER_PASSWORD_AUTH", "--auth-parameters", "USERNAME=xyz.abc,PASSWORD=TempPassw0rd!")).Json();
        Assert.Equal("NEW_PASSWORD_REQUIRED", challenge["ChallengeName"]!.GetValue<string>());
        Assert.Null(challenge["AuthenticationResult"]);
        var session = challenge["Session"]!.GetValue<string>();
        Assert.NotEmpty(session);
        var parameters = challenge["ChallengeParameters"]!;
        Assert.Equal("xyz.abc", parameters["USER_ID_FOR_SRP"]!.GetValue<string>());
        Assert.Equal("[]", parameters["requiredAttributes"]!.GetValue<string>());
        var userAttributes = JsonNode.Parse(parameters["userAttributes"]!.GetValue<string>())!;
        Assert.Equal("xyz.abc@efg.com", userAttributes["email"]!.GetValue<string>());

        var answered = (await _server.CognitoIdpAsync(
            "respond-to-auth-challenge", "--client-id", clientId, "--challenge-name", "NEW_PASSWORD_REQUIRED",
            "--challenge-responses", "USERNAME=xyz.abc,NEW_PASSWORD=NewPassw0rd!", "--session", session)).Json();
        Assert.Empty(answered["ChallengeParameters"]!.AsObject());
        var result = AssertTokens(answered, withRefreshToken: true);
        var (id, _) = await TokenChecks.VerifyAsync(_server, poolId, clientId, result, new ExpectedUser("xyz.abc", null, "xyz.abc@efg.com", EmailVerified: true));

        // The new password signs in from now on; the temporary one no longer does.
        var signedIn = (await _server.CognitoIdpAsync(
            "initiate-auth", "--client-id", clientId, "--auth-flow", "USER_PASSWORD_AUTH", "--auth-parameters", "USERNAME=xyz.abc,PASSWORD=NewPassw0rd!")).Json();
        var later = AssertTokens(signedIn, withRefreshToken: true);
        await TokenChecks.VerifyAsync(_server, poolId, clientId, later, new ExpectedUser("xyz.abc", id["sub"]!.GetValue<string>(), "xyz.abc@efg.com", EmailVerified: true));
        var old = (await _server.CognitoIdpAsync(
            "initiate-auth", "--client-id", clientId, "--auth-flow", "USER_PASSWORD_AUTH", "--auth-parameters", "USERNAME=xyz.abc,PASSWORD=TempPassw0rd!")).Failed();
        Assert.Contains("An error occurred (NotAuthorizedException) when calling the InitiateAuth operation: Incorrect username or password.", old.Stderr, StringComparison.Ordinal);
    }

    [Fact(Skip = Pending)]
    public async Task Seed002_boto3_sign_up_and_admin_initiate_auth_with_a_secret_hash()
    {
        // The seed's signInFunction, unchanged but for the endpoint: sign_up with SECRET_HASH, then ADMIN_NO_SRP_AUTH.
        // Its pre sign-up trigger auto-confirms users; Gatehouse has no triggers yet, so the script confirms as an admin.
        var result = (await _server.PythonAsync(
            """
            import base64, hashlib, hmac
            from gatehouse_compat import cognito, emit

            client = cognito()
            # Username only, no verification, a client with a secret and ADMIN_NO_SRP_AUTH, a policy that takes "123456".
            USER_POOL_ID = client.create_user_pool(
                PoolName="seed-002",
                Policies={"PasswordPolicy": {"MinimumLength": 6, "RequireUppercase": False, "RequireLowercase": False,
                                             "RequireNumbers": False, "RequireSymbols": False}},
            )["UserPool"]["Id"]
            app = client.create_user_pool_client(
                UserPoolId=USER_POOL_ID, ClientName="signin", GenerateSecret=True, ExplicitAuthFlows=["ADMIN_NO_SRP_AUTH"])["UserPoolClient"]
            CLIENT_ID, CLIENT_SECRET = app["ClientId"], app["ClientSecret"]

            def get_secret_hash(username):
                msg = username + CLIENT_ID
                dig = hmac.new(str(CLIENT_SECRET).encode('utf-8'),
                    msg = str(msg).encode('utf-8'), digestmod=hashlib.sha256).digest()
                d2 = base64.b64encode(dig).decode()
                return d2

            def sign_up(username, password):
                try:
                    client.sign_up(ClientId=CLIENT_ID, SecretHash=get_secret_hash(username), Username=username, Password=password)
                except client.exceptions.UsernameExistsException:
                    return "USER_EXISTS"
                client.admin_confirm_sign_up(UserPoolId=USER_POOL_ID, Username=username)
                return "SUCCESS"

            def initiate_auth(username, password, secret_hash=None):
                try:
                    resp = client.admin_initiate_auth(
                        UserPoolId=USER_POOL_ID,
                        ClientId=CLIENT_ID,
                        AuthFlow='ADMIN_NO_SRP_AUTH',
                        AuthParameters={
                            'USERNAME': username,
                            'SECRET_HASH': secret_hash if secret_hash is not None else get_secret_hash(username),
                            'PASSWORD': password
                        },
                        ClientMetadata={
                            'username': username,
                            'password': password
                        })
                except client.exceptions.NotAuthorizedException as e:
                    return None, e.response["Error"]["Message"]
                return resp, None

            first_sign_up = sign_up("rakib", "123456")
            first, _ = initiate_auth("rakib", "123456")
            second_sign_up = sign_up("rakib", "123456")
            second, _ = initiate_auth("rakib", "123456")
            _, wrong_password = initiate_auth("rakib", "654321")
            _, wrong_hash = initiate_auth("rakib", "123456", secret_hash=base64.b64encode(b"not the hash").decode())
            try:
                client.sign_up(ClientId=CLIENT_ID, Username="nohash", Password="123456")
                no_hash = "no error"
            except client.exceptions.NotAuthorizedException as e:
                no_hash = type(e).__name__
            emit({
                "pool": USER_POOL_ID, "client": CLIENT_ID,
                "first_sign_up": first_sign_up, "second_sign_up": second_sign_up,
                "first": first["AuthenticationResult"], "second": second["AuthenticationResult"],
                "challenge": first.get("ChallengeName"), "user": client.admin_get_user(UserPoolId=USER_POOL_ID, Username="rakib"),
                "wrong_password": wrong_password, "wrong_hash": wrong_hash, "no_hash": no_hash,
            })
            """)).Json();

        Assert.Equal("SUCCESS", result["first_sign_up"]!.GetValue<string>());
        Assert.Equal("USER_EXISTS", result["second_sign_up"]!.GetValue<string>());
        Assert.Null(result["challenge"]);
        Assert.Equal("Incorrect username or password.", result["wrong_password"]!.GetValue<string>());
        Assert.StartsWith("Unable to verify secret hash for client", result["wrong_hash"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("NotAuthorizedException", result["no_hash"]!.GetValue<string>());
        Assert.Equal("CONFIRMED", result["user"]!["UserStatus"]!.GetValue<string>());

        var poolId = result["pool"]!.GetValue<string>();
        var clientId = result["client"]!.GetValue<string>();
        var user = new ExpectedUser("rakib", null, Email: null, EmailVerified: false);
        var (first, _) = await TokenChecks.VerifyAsync(_server, poolId, clientId, Tokens(result["first"]!, withRefreshToken: true), user);
        var (second, _) = await TokenChecks.VerifyAsync(_server, poolId, clientId, Tokens(result["second"]!, withRefreshToken: true), user);
        Assert.Equal(first["sub"]!.GetValue<string>(), second["sub"]!.GetValue<string>());
        Assert.NotEqual(first["origin_jti"]!.GetValue<string>(), second["origin_jti"]!.GetValue<string>()); // a new sign-in, a new auth event
    }

    private async Task<string> CreateClientAsync(string poolId, string name, params string[] flows) =>
        (await _server.CognitoIdpAsync(["create-user-pool-client", "--user-pool-id", poolId, "--client-name", name, "--no-generate-secret", "--explicit-auth-flows", .. flows]))
            .Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();

    /// <summary>The newest code sent to the user: <c>GET /_gatehouse/outbox</c> lists messages newest first.</summary>
    private async Task<string> LatestCodeAsync(string poolId, string username)
    {
        var outbox = await _server.GetJsonAsync($"/_gatehouse/outbox?userPoolId={Uri.EscapeDataString(poolId)}&username={Uri.EscapeDataString(username)}");
        var message = outbox["messages"]!.AsArray().FirstOrDefault(m => m?["code"] is not null)
            ?? throw new InvalidOperationException($"No message with a code for {username}: {outbox}");
        return message["code"]!.GetValue<string>();
    }

    private static JsonNode AssertTokens(JsonNode response, bool withRefreshToken) =>
        Tokens(response["AuthenticationResult"] ?? throw new InvalidOperationException($"No AuthenticationResult in {response}"), withRefreshToken);

    private static JsonNode Tokens(JsonNode result, bool withRefreshToken)
    {
        Assert.Equal(3600, result["ExpiresIn"]!.GetValue<int>());
        Assert.Equal("Bearer", result["TokenType"]!.GetValue<string>());
        Assert.Equal(3, result["AccessToken"]!.GetValue<string>().Split('.').Length);
        Assert.Equal(3, result["IdToken"]!.GetValue<string>().Split('.').Length);
        if (withRefreshToken)
        {
            Assert.NotEmpty(result["RefreshToken"]!.GetValue<string>());
        }
        else
        {
            Assert.Null(result["RefreshToken"]);
        }

        return result;
    }
}
