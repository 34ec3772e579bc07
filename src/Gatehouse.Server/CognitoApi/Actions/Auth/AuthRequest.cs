using System.Text.Json;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Auth.Srp;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Pools;
using Gatehouse.Server.CognitoApi.Actions.Users;

namespace Gatehouse.Server.CognitoApi.Actions.Auth;

/// <summary>The members of InitiateAuth and AdminInitiateAuth.</summary>
internal sealed class AuthRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? AuthFlow { get; set; }
    public Dictionary<string, string>? AuthParameters { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }
    public JsonElement? AnalyticsMetadata { get; set; }
    public JsonElement? UserContextData { get; set; }
    public JsonElement? ContextData { get; set; }
    public string? Session { get; set; }
}

/// <summary>The members of RespondToAuthChallenge and AdminRespondToAuthChallenge.</summary>
internal sealed class ChallengeRequest
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? ChallengeName { get; set; }
    public string? Session { get; set; }
    public Dictionary<string, string>? ChallengeResponses { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }
    public JsonElement? AnalyticsMetadata { get; set; }
    public JsonElement? UserContextData { get; set; }
    public JsonElement? ContextData { get; set; }
}

/// <summary>The steps the four auth actions share: validation, flow checks, and dispatch to Core's authenticator.</summary>
internal static class AuthSteps
{
    private static readonly string[] Flows =
    [
        "USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH",
        "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH",
    ];

    private static readonly string[] Challenges =
    [
        "SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE",
        "SELECT_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED",
        "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP",
    ];

    public static void Validate(AuthRequest request, bool admin)
    {
        if (admin)
        {
            UserPoolIdRequest.Validate(request.UserPoolId);
        }

        AdminUserRequest.ValidateClientId(request.ClientId);
        new Validation().Required(request.AuthFlow, "authFlow").OneOf(request.AuthFlow, Flows, "authFlow").ThrowIfAny();
    }

    public static void Validate(ChallengeRequest request, bool admin)
    {
        if (admin)
        {
            UserPoolIdRequest.Validate(request.UserPoolId);
        }

        AdminUserRequest.ValidateClientId(request.ClientId);
        new Validation()
            .Required(request.ChallengeName, "challengeName")
            .OneOf(request.ChallengeName, Challenges, "challengeName")
            .Length(request.Session, 20, 2048, "session")
            .ThrowIfAny();
    }

    /// <summary>
    /// For password flows, verifies the password in a read-only session, outside the store's writer: the slow part of
    /// a sign-in must not hold up everyone else's writes. Null for other flows or unknown users. Then, with no session
    /// open, runs the pool's PreAuthentication trigger, which Cognito calls before it acts on the password.
    /// </summary>
    public static async Task<PasswordCheck?> CheckPasswordAsync(CognitoServices services, AuthRequest request, CognitoCall call)
    {
        if (request.AuthFlow is not ("USER_PASSWORD_AUTH" or "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH")
            || request.AuthParameters?.GetValueOrDefault("USERNAME") is not { } username
            || request.AuthParameters.GetValueOrDefault("PASSWORD") is not { } password)
        {
            return null;
        }

        AppClient? client;
        UserPool? pool;
        User? user;
        await using (var session = await services.ReadAsync(call).ConfigureAwait(false))
        {
            client = await session.GetClientAsync(request.ClientId!, call.CancellationToken).ConfigureAwait(false);
            pool = client is null ? null : await session.GetPoolAsync(client.UserPoolId!, call.CancellationToken).ConfigureAwait(false);
            user = pool is null ? null : await UserLookup.FindAsync(session, pool, username, call.CancellationToken).ConfigureAwait(false);
        }

        var flow = request.AuthFlow == "USER_PASSWORD_AUTH" ? "ALLOW_USER_PASSWORD_AUTH" : "ALLOW_ADMIN_USER_PASSWORD_AUTH";
        if (pool is null || client is null || (request.UserPoolId is not null && request.UserPoolId != pool.Id) || !AuthFlows.Allows(client, flow))
        {
            return user is null ? null : PasswordCheck.Of(user, password);
        }

        if (user is null && CognitoTriggers.Has(pool, "UserMigration"))
        {
            // A name the pool does not know may be in the directory the pool migrates from; the user it describes is
            // created, outside this read, and signs in in this same call.
            SecretHash.Check(client, request.AuthParameters.GetValueOrDefault("SECRET_HASH"), username);
            user = await LifecycleTriggers.MigrateAsync(services, call, pool, client.ClientId, username, password, request.ClientMetadata).ConfigureAwait(false);
        }

        await services.Authenticator.Triggers.PreAuthenticationAsync(pool, client, username, user, request.ClientMetadata, call.CancellationToken)
            .ConfigureAwait(false);

        return user is null ? null : PasswordCheck.Of(user, password);
    }

    /// <summary>
    /// CUSTOM_AUTH, driven by the pool's challenge triggers outside any write session; the tokens, when the sequence
    /// ends in them, come after PostAuthentication and PreTokenGeneration.
    /// </summary>
    public static async Task<AuthOutcome> CustomAuthAsync(CognitoServices services, AuthRequest request, bool admin, CognitoCall call)
    {
        var (pool, client) = await PoolAndClientAsync(services, request.UserPoolId, request.ClientId!, admin, call).ConfigureAwait(false);

        if (!AuthFlows.Allows(client, "ALLOW_CUSTOM_AUTH"))
        {
            throw CognitoException.InvalidParameter("Custom auth flow not enabled for this client");
        }

        var parameters = request.AuthParameters ?? [];
        var username = Required(parameters, "USERNAME");
        if (parameters.ContainsKey("SRP_A") || parameters.GetValueOrDefault("CHALLENGE_NAME") is "SRP_A")
        {
            throw CognitoException.InvalidParameter("CUSTOM_AUTH with SRP_A is not supported by this Gatehouse version yet.");
        }

        var outcome = await services.Authenticator.Custom.StartAsync(
            services.Store, pool, client, username, parameters.GetValueOrDefault("SECRET_HASH"), request.ClientMetadata, call.CancellationToken).ConfigureAwait(false);
        return await AuthSteps.FinishAsync(services, outcome, request.ClientMetadata, call).ConfigureAwait(false);
    }

    /// <summary>CUSTOM_CHALLENGE's answer: VerifyAuthChallengeResponse, then DefineAuthChallenge with the sequence so far.</summary>
    public static async Task<AuthOutcome> CustomChallengeAsync(CognitoServices services, ChallengeRequest request, bool admin, CognitoCall call)
    {
        var (pool, client) = await PoolAndClientAsync(services, request.UserPoolId, request.ClientId!, admin, call).ConfigureAwait(false);

        var responses = request.ChallengeResponses ?? [];
        var username = Required(responses, "USERNAME");
        var answer = Required(responses, "ANSWER");
        var outcome = await services.Authenticator.Custom.RespondAsync(
            services.Store, pool, client, request.Session, username, responses.GetValueOrDefault("SECRET_HASH"), answer, request.ClientMetadata, call.CancellationToken)
            .ConfigureAwait(false);
        return await AuthSteps.FinishAsync(services, outcome, request.ClientMetadata, call).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a first-factor flow that the client allows (CUSTOM_AUTH goes through <see cref="CustomAuthAsync"/>). A
    /// successful outcome is pending: commit and close the session, then <see cref="Authenticator.FinishAsync"/>.
    /// </summary>
    public static async Task<AuthOutcome> StartAsync(
        CognitoServices services, IStoreSession session, UserPool pool, AppClient client, AuthRequest request, bool admin, PasswordCheck? check, CognitoCall call)
    {
        var parameters = request.AuthParameters ?? [];
        switch (request.AuthFlow)
        {
            case "USER_PASSWORD_AUTH" when !admin:
            case "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" when admin:
                var flow = admin ? "ALLOW_ADMIN_USER_PASSWORD_AUTH" : "ALLOW_USER_PASSWORD_AUTH";
                if (!AuthFlows.Allows(client, flow))
                {
                    throw CognitoException.InvalidParameter(admin ? "Auth flow not enabled for this client" : "USER_PASSWORD_AUTH flow not enabled for this client");
                }

                var username = Required(parameters, "USERNAME");
                var password = Required(parameters, "PASSWORD");
                var user = await UserLookup.FindAsync(session, pool, username, call.CancellationToken).ConfigureAwait(false);
                SecretHash.Check(client, parameters.GetValueOrDefault("SECRET_HASH"), username, user?.Username);
                return await services.Authenticator.PasswordAsync(
                    session, pool, client, user, password, check, call.CancellationToken, parameters.GetValueOrDefault("DEVICE_KEY")).ConfigureAwait(false);

            case "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN":
                if (!AuthFlows.Allows(client, "ALLOW_REFRESH_TOKEN_AUTH"))
                {
                    throw CognitoException.InvalidParameter("Refresh Token auth flow not enabled for this client");
                }

                var refreshToken = Required(parameters, "REFRESH_TOKEN");
                return await services.Authenticator.RefreshAsync(
                    session, pool, client, refreshToken, parameters.GetValueOrDefault("SECRET_HASH"), parameters.GetValueOrDefault("USERNAME"), call.CancellationToken)
                    .ConfigureAwait(false);

            case "USER_AUTH":
                throw CognitoException.InvalidParameter($"{request.AuthFlow} is not supported by this Gatehouse version yet.");

            default:
                throw CognitoException.InvalidParameter("Initiate Auth method not supported.");
        }
    }

    /// <summary>
    /// USER_SRP_AUTH's first step: the PASSWORD_VERIFIER challenge. It writes nothing (the SECRET_BLOCK carries the
    /// state), so it runs in a read session. A name nobody has gets a simulated challenge when the client hides user
    /// existence, and UserNotFoundException otherwise.
    /// </summary>
    public static async Task<AuthOutcome> SrpStartAsync(CognitoServices services, AuthRequest request, bool admin, CognitoCall call)
    {
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var (pool, client) = await PoolAndClientAsync(session, request.UserPoolId, request.ClientId!, admin, call).ConfigureAwait(false);
        if (!AuthFlows.Allows(client, "ALLOW_USER_SRP_AUTH"))
        {
            throw CognitoException.InvalidParameter("USER_SRP_AUTH is not enabled for the client.");
        }

        var parameters = request.AuthParameters ?? [];
        var username = Required(parameters, "USERNAME");
        var srpA = Required(parameters, "SRP_A");
        SrpSignIn.ThrowIfInvalidA(srpA);
        var user = await UserLookup.FindAsync(session, pool, username, call.CancellationToken).ConfigureAwait(false);
        SecretHash.Check(client, parameters.GetValueOrDefault("SECRET_HASH"), username, user?.Username);
        if (user is null && !client.HidesUserExistence)
        {
            throw CognitoException.UserNotFound();
        }

        var userIdForSrp = user?.Username ?? username;
        var challenge = services.Srp.Challenge(
            "PASSWORD_VERIFIER", pool, client, user?.Key ?? "", userIdForSrp, user is null ? null : services.Credentials.VerifierOf(user), srpA,
            parameters.GetValueOrDefault("DEVICE_KEY"));
        challenge["USERNAME"] = userIdForSrp;
        challenge["USER_ID_FOR_SRP"] = userIdForSrp;
        return new AuthOutcome(null, null, "PASSWORD_VERIFIER", null, challenge);
    }

    /// <summary>
    /// PASSWORD_VERIFIER's answer. The proof is checked before the write session (like a password hash), then the
    /// block is spent and the outcome recorded inside it; the tokens, if any, come after it closes.
    /// </summary>
    public static async Task<AuthOutcome> PasswordVerifierAsync(CognitoServices services, ChallengeRequest request, bool admin, CognitoCall call)
    {
        var responses = request.ChallengeResponses ?? [];
        var username = Required(responses, "USERNAME");
        var signature = Required(responses, "PASSWORD_CLAIM_SIGNATURE");
        var timestamp = Required(responses, "TIMESTAMP");
        var blockText = Required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
        UserPool pool;
        AppClient client;
        SrpBlock block;
        byte[] blockBytes;
        User? user;
        await using (var read = await services.ReadAsync(call).ConfigureAwait(false))
        {
            (pool, client) = await PoolAndClientAsync(read, request.UserPoolId, request.ClientId!, admin, call).ConfigureAwait(false);
            (block, blockBytes) = services.Srp.Open(blockText, "PASSWORD_VERIFIER", pool, client);
            user = await CheckSrpUserAsync(read, pool, client, block, username, responses.GetValueOrDefault("SECRET_HASH"), call).ConfigureAwait(false);
        }

        await services.Authenticator.Triggers.PreAuthenticationAsync(pool, client, username, user, request.ClientMetadata, call.CancellationToken)
            .ConfigureAwait(false);
        var poolName = SrpVerifier.PoolName(pool.Id);
        var checkedVerifier = user?.SrpVerifier;
        var result = user is null
            ? SrpClaimResult.InvalidSignature
            : services.Srp.Verify(block, blockBytes, services.Credentials.VerifierOf(user), poolName, timestamp, signature);

        AuthOutcome outcome;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            await services.Srp.ConsumeAsync(session, block, call.CancellationToken).ConfigureAwait(false);
            user = block.UserKey.Length == 0 ? null : await session.GetUserAsync(pool.Id, block.UserKey, call.CancellationToken).ConfigureAwait(false);
            outcome = await services.Authenticator.PasswordVerifierAsync(
                session, pool, client, user,
                u => u.SrpVerifier == checkedVerifier
                    ? result == SrpClaimResult.Valid
                    : services.Srp.Verify(block, blockBytes, services.Credentials.VerifierOf(u), poolName, timestamp, signature) == SrpClaimResult.Valid,
                responses.GetValueOrDefault("DEVICE_KEY") ?? block.DeviceKey, call.CancellationToken).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        return await AuthSteps.FinishAsync(services, outcome, request.ClientMetadata, call).ConfigureAwait(false);
    }

    /// <summary>
    /// The user a SECRET_BLOCK was issued for, checked against the answer's USERNAME (the name or an alias of the same
    /// user) and SECRET_HASH; null for a simulated challenge.
    /// </summary>
    private static async Task<User?> CheckSrpUserAsync(
        IStoreSession session, UserPool pool, AppClient client, SrpBlock block, string username, string? secretHash, CognitoCall call)
    {
        var user = block.UserKey.Length == 0 ? null : await session.GetUserAsync(pool.Id, block.UserKey, call.CancellationToken).ConfigureAwait(false);
        SecretHash.Check(client, secretHash, username, user?.Username, block.UserIdForSrp);
        if (user is not null && !await UserLookup.NamesAsync(session, pool, username, user, call.CancellationToken).ConfigureAwait(false))
        {
            throw CognitoException.IncorrectCredentials();
        }

        return user;
    }

    private static async Task<(UserPool Pool, AppClient Client)> PoolAndClientAsync(
        CognitoServices services, string? userPoolId, string clientId, bool admin, CognitoCall call)
    {
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        return await PoolAndClientAsync(session, userPoolId, clientId, admin, call).ConfigureAwait(false);
    }

    private static async Task<(UserPool Pool, AppClient Client)> PoolAndClientAsync(
        IStoreSession session, string? userPoolId, string clientId, bool admin, CognitoCall call)
    {
        if (!admin)
        {
            return await CognitoServices.PoolOfClientAsync(session, clientId, call).ConfigureAwait(false);
        }

        var pool = await CognitoServices.PoolAsync(session, userPoolId!, call).ConfigureAwait(false);
        return (pool, await CognitoServices.ClientOfPoolAsync(session, pool.Id, clientId, call).ConfigureAwait(false));
    }

    /// <summary>
    /// After the write session: sends an MFA code that waited for the CustomMessage function, queues the messages the
    /// step sent (announced once the response is written) and issues the tokens of a pending outcome.
    /// </summary>
    public static async Task<AuthOutcome> FinishAsync(CognitoServices services, AuthOutcome outcome, IReadOnlyDictionary<string, string>? clientMetadata, CognitoCall call)
    {
        outcome = await services.Authenticator.DeliverAsync(outcome, services.Store, clientMetadata, call.CancellationToken).ConfigureAwait(false);
        foreach (var message in outcome.Sent)
        {
            call.Queued(message);
        }

        return await services.Authenticator.FinishAsync(outcome, clientMetadata, call.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The hash of a new password the request carries, computed before the write transaction begins.</summary>
    public static string? HashNewPassword(CognitoServices services, ChallengeRequest request) =>
        request.ChallengeName == "NEW_PASSWORD_REQUIRED" && request.ChallengeResponses?.GetValueOrDefault("NEW_PASSWORD") is { Length: > 0 } password
            ? services.Hasher.Hash(password)
            : null;

    /// <summary>Answers the challenge a session is waiting on (CUSTOM_CHALLENGE goes through <see cref="CustomChallengeAsync"/>).</summary>
    public static async Task<AuthOutcome> RespondAsync(
        CognitoServices services, IStoreSession session, UserPool pool, AppClient client, ChallengeRequest request, string? newHash, CognitoCall call)
    {
        var responses = request.ChallengeResponses ?? [];
        switch (request.ChallengeName)
        {
            case "NEW_PASSWORD_REQUIRED":
                var username = Required(responses, "USERNAME");
                var user = await UserLookup.FindAsync(session, pool, username, call.CancellationToken).ConfigureAwait(false);
                SecretHash.Check(client, responses.GetValueOrDefault("SECRET_HASH"), username, user?.Username);
                var newPassword = Required(responses, "NEW_PASSWORD");
                AdminUserRequest.ValidatePassword(newPassword, "challengeResponses.NEW_PASSWORD");
                return await services.Authenticator.NewPasswordAsync(session, pool, client, request.Session, responses, newHash!, call.CancellationToken).ConfigureAwait(false);

            case "SMS_MFA" or "EMAIL_OTP" or "SOFTWARE_TOKEN_MFA" or "SELECT_MFA_TYPE" or "MFA_SETUP":
                var name = Required(responses, "USERNAME");
                SecretHash.Check(client, responses.GetValueOrDefault("SECRET_HASH"), name,
                    (await UserLookup.FindAsync(session, pool, name, call.CancellationToken).ConfigureAwait(false))?.Username);
                return await services.Authenticator.AnswerMfaAsync(
                    session, pool, client, request.ChallengeName, request.Session, name, responses, call.CancellationToken).ConfigureAwait(false);

            case "DEVICE_SRP_AUTH":
                return await services.Authenticator.DeviceSrpAsync(
                    session, pool, client, request.Session, CheckedUsername(responses, client), Required(responses, "DEVICE_KEY"), Required(responses, "SRP_A"),
                    call.CancellationToken).ConfigureAwait(false);

            case "DEVICE_PASSWORD_VERIFIER":
                return await services.Authenticator.DevicePasswordVerifierAsync(
                    session, pool, client, CheckedUsername(responses, client), responses.GetValueOrDefault("DEVICE_KEY"), Required(responses, "PASSWORD_CLAIM_SECRET_BLOCK"),
                    Required(responses, "TIMESTAMP"), Required(responses, "PASSWORD_CLAIM_SIGNATURE"), call.SourceIp, call.CancellationToken).ConfigureAwait(false);

            default:
                throw CognitoException.InvalidParameter($"{request.ChallengeName} is not supported by this Gatehouse version yet.");
        }
    }

    /// <summary>The answer's USERNAME, with its SECRET_HASH checked against it (the session decides whose it is).</summary>
    private static string CheckedUsername(Dictionary<string, string> responses, AppClient client)
    {
        var username = Required(responses, "USERNAME");
        SecretHash.Check(client, responses.GetValueOrDefault("SECRET_HASH"), username);
        return username;
    }

    private static string Required(Dictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoException.InvalidParameter($"Missing required parameter {name}");
}
