using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gatehouse.Core.Messaging;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// The second factor. After a first factor holds, the pool's MfaConfiguration and the user's factors decide between
/// tokens, SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE (several factors, none preferred) and MFA_SETUP
/// (MFA required, no factor). Each challenge is a session that takes <see cref="AuthSessions.MaxAttempts"/> wrong
/// codes at most; every wrong code also counts toward the user's sign-in lockout.
/// </summary>
public sealed partial class Authenticator
{
    private const string DefaultMfaMessage = "Your authentication code is {####}. ";
    private const string DefaultMfaSubject = "Your authentication code";
    private const string SetUpMember = "setup";

    /// <summary>Starts the second factor the user needs, or completes the sign-in when none is needed.</summary>
    public async Task<AuthOutcome> SecondFactorAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, CancellationToken cancellationToken,
        string triggerSource = "TokenGeneration_Authentication", string? deviceKey = null) =>
        await NextStepAsync(session, pool, client, user, cancellationToken, deviceKey).ConfigureAwait(false)
            ?? await AfterSecondFactorAsync(session, pool, client, user, deviceKey, cancellationToken, triggerSource).ConfigureAwait(false);

    /// <summary>
    /// The second-factor challenge a user whose first factor held must answer next, or null when none is needed:
    /// <see cref="SecondFactorAsync"/> without what follows the factors (device SRP, tokens), for the hosted pages.
    /// </summary>
    public async Task<AuthOutcome?> NextStepAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, CancellationToken cancellationToken, string? deviceKey = null)
    {
        var factors = MfaFactors.OfUser(pool, user);
        if (factors.Count == 0)
        {
            if (MfaFactors.Mode(pool) != "ON")
            {
                return null;
            }

            var setup = await sessions.StartAsync(session, client, new AuthSessionData("MFA_SETUP", user.Key, user.Username, Private: DevicePrivate(deviceKey)), cancellationToken)
                .ConfigureAwait(false);
            return AuthOutcome.Challenge("MFA_SETUP", setup, new Dictionary<string, string>
            {
                ["MFAS_CAN_SETUP"] = JsonSerializer.Serialize(MfaFactors.OfPool(pool).ToList(), Json.CoreJson.Default.ListString),
            });
        }

        var preferred = user.Mfa?.Preferred;
        if (factors.Count == 1 || (preferred is not null && factors.Contains(preferred)))
        {
            return await MfaChallengeAsync(session, pool, client, user, factors.Count == 1 ? factors[0] : preferred!, deviceKey, cancellationToken).ConfigureAwait(false);
        }

        var choices = DevicePrivate(deviceKey) ?? [];
        choices["choices"] = string.Join(' ', factors);
        var select = await sessions.StartAsync(session, client, new AuthSessionData("SELECT_MFA_TYPE", user.Key, user.Username, Private: choices), cancellationToken)
            .ConfigureAwait(false);
        return AuthOutcome.Challenge("SELECT_MFA_TYPE", select, new Dictionary<string, string>
        {
            ["MFAS_CAN_CHOOSE"] = JsonSerializer.Serialize(factors.ToList(), Json.CoreJson.Default.ListString),
        });
    }

    /// <summary>
    /// Answers SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE or MFA_SETUP. <paramref name="username"/> is the
    /// answer's USERNAME, which must name the session's user.
    /// </summary>
    public async Task<AuthOutcome> AnswerMfaAsync(
        IStoreSession session, UserPool pool, AppClient client, string challengeName, string? sessionToken, string username,
        IReadOnlyDictionary<string, string> responses, CancellationToken cancellationToken)
    {
        var answer = await VerifyMfaAsync(session, pool, client, challengeName, sessionToken, username, responses, cancellationToken).ConfigureAwait(false);
        return answer.Next ?? await AfterSecondFactorAsync(session, pool, client, answer.User, answer.DeviceKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="AnswerMfaAsync"/> without what follows the factors, for the hosted pages: checks the answer (a wrong
    /// code is committed, then thrown) and returns the user, with the next challenge when the answer chose a factor
    /// (SELECT_MFA_TYPE). <paramref name="username"/>, when given, must name the session's user.
    /// </summary>
    public async Task<MfaAnswer> VerifyMfaAsync(
        IStoreSession session, UserPool pool, AppClient client, string challengeName, string? sessionToken, string? username,
        IReadOnlyDictionary<string, string> responses, CancellationToken cancellationToken)
    {
        var attempt = await sessions.TakeAsync(session, client, sessionToken, challengeName, cancellationToken).ConfigureAwait(false);
        var user = await NamedUserAsync(session, pool, attempt.Data.UserKey, username ?? attempt.Data.Username, cancellationToken).ConfigureAwait(false);
        var deviceKey = DeviceOf(attempt.Data);

        if (!user.Enabled)
        {
            throw CognitoException.NotAuthorized("User is disabled.");
        }

        switch (challengeName)
        {
            case "SELECT_MFA_TYPE":
                var choice = Required(responses, "ANSWER");
                if (!attempt.Data.Private!["choices"].Split(' ').Contains(choice))
                {
                    throw CognitoException.InvalidParameter("Invalid MFA type selected.");
                }

                return new MfaAnswer(user, await MfaChallengeAsync(session, pool, client, user, choice, deviceKey, cancellationToken).ConfigureAwait(false), deviceKey);

            case "MFA_SETUP":
                if (attempt.Data.Private?.GetValueOrDefault("verified") is not null)
                {
                    return new MfaAnswer(user, null, deviceKey);
                }

                if (responses.GetValueOrDefault("EMAIL") is { Length: > 0 } email && MfaFactors.OfPool(pool).Contains(UserMfa.Email))
                {
                    // Email set-up, as Amplify answers MFAS_CAN_SETUP ["EMAIL_OTP"]: the address gets a code, and the code
                    // proves it, verifies it and makes email the user's factor.
                    AttributeRules.CheckWrite(pool, [KeyValuePair.Create("email", email)], user, admin: false);
                    user.Attributes["email"] = email;
                    user.Attributes["email_verified"] = "false";
                    user.LastModified = time.GetUtcNow();
                    await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
                    var next = await MfaChallengeAsync(session, pool, client, user, UserMfa.Email, deviceKey, cancellationToken, setUp: true).ConfigureAwait(false);
                    return new MfaAnswer(user, next, deviceKey);
                }

                throw CognitoException.InvalidParameter(
                    "Software token MFA has not been verified for the user. Call AssociateSoftwareToken and VerifySoftwareToken with this session first, or answer with EMAIL.");
        }

        SignInThrottle.ThrowIfLocked(user, time.GetUtcNow());
        var (member, mismatch) = challengeName switch
        {
            "SMS_MFA" => ("SMS_MFA_CODE", "Invalid code or auth state for the user."),
            "EMAIL_OTP" => ("EMAIL_OTP_CODE", "Invalid code or auth state for the user."),
            _ => ("SOFTWARE_TOKEN_MFA_CODE", "Invalid code received for user"),
        };
        var code = Required(responses, member);
        var valid = challengeName == "SOFTWARE_TOKEN_MFA"
            ? VerifySoftwareToken(user, code)
            : CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Grant.HashOf(code)), Encoding.ASCII.GetBytes(attempt.Data.Private!["code"]));
        if (!valid)
        {
            var again = await AuthSessions.RetryAsync(session, attempt, cancellationToken).ConfigureAwait(false);
            SignInThrottle.RecordMfaFailure(user, time.GetUtcNow());
            await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            throw again
                ? new CognitoException("CodeMismatchException", mismatch)
                : CognitoException.NotAuthorized("Invalid session for the user, session is expired.");
        }

        SignInThrottle.RecordMfaSuccess(user);
        if (attempt.Data.Private?.ContainsKey(SetUpMember) == true)
        {
            user.Mfa ??= new UserMfa();
            user.Mfa.EmailEnabled = true;
            user.Mfa.Preferred ??= UserMfa.Email;
            user.Attributes["email_verified"] = "true";
        }

        await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
        return new MfaAnswer(user, null, deviceKey);
    }

    /// <summary>
    /// Answers MFA_SETUP on the hosted pages: a code from the secret <see cref="SoftwareTokens.Associate"/> gave the user
    /// makes it the user's verified, enabled and preferred factor, and returns the user, who has then passed every
    /// factor. A wrong code is committed, then thrown; the session takes <see cref="AuthSessions.MaxAttempts"/> at most.
    /// </summary>
    public async Task<User> SetUpSoftwareTokenAsync(
        IStoreSession session, UserPool pool, AppClient client, string? sessionToken, string code, CancellationToken cancellationToken)
    {
        var attempt = await sessions.TakeAsync(session, client, sessionToken, "MFA_SETUP", cancellationToken).ConfigureAwait(false);
        var user = await session.GetUserAsync(pool.Id, attempt.Data.UserKey, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoException.NotAuthorized("Invalid session for the user, session is expired.");
        if (!user.Enabled)
        {
            throw CognitoException.NotAuthorized("User is disabled.");
        }

        var now = time.GetUtcNow();
        if (!SoftwareTokens.VerifyPending(user, code, null, now))
        {
            var again = await AuthSessions.RetryAsync(session, attempt, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            throw again
                ? new CognitoException("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
                : CognitoException.NotAuthorized("Invalid session for the user, session is expired.");
        }

        var mfa = user.Mfa!;
        mfa.SoftwareTokenEnabled = true;
        mfa.Preferred = UserMfa.SoftwareToken;
        user.LastModified = now;
        await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
        return user;
    }

    private async Task<AuthOutcome> MfaChallengeAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, string factor, string? deviceKey, CancellationToken cancellationToken,
        bool setUp = false)
    {
        if (factor == UserMfa.SoftwareToken)
        {
            var token = await sessions.StartAsync(session, client, new AuthSessionData(factor, user.Key, user.Username, Private: DevicePrivate(deviceKey)), cancellationToken)
                .ConfigureAwait(false);
            var parameters = new Dictionary<string, string>();
            if (user.Mfa?.SoftwareTokenName is { } name)
            {
                parameters["FRIENDLY_DEVICE_NAME"] = name;
            }

            return AuthOutcome.Challenge(factor, token, parameters);
        }

        var (medium, destination) = MfaFactors.DestinationOf(user, factor)
            ?? throw CognitoException.InvalidParameter($"The user has nowhere to receive {factor} codes.");
        var code = ids.NewCode();
        var email = pool.Mfa?.EmailMfaConfiguration;
        var body = (factor == UserMfa.Sms ? pool.SmsAuthenticationMessage : Text(email, "Message")) ?? DefaultMfaMessage;
        var subject = factor == UserMfa.Email ? Text(email, "Subject") ?? DefaultMfaSubject : null;
        var unsent = new UnsentCode(
            pool, client, user, medium, destination, code, new RenderedMessage(subject, body.Replace(Functions.CognitoTriggers.CodeParameter, code, StringComparison.Ordinal)));
        var customized = Functions.CognitoTriggers.Has(pool, "CustomMessage");
        var sent = customized ? null : await SendCodeAsync(session, unsent, unsent.Message, cancellationToken).ConfigureAwait(false);
        var codePrivate = DevicePrivate(deviceKey) ?? [];
        codePrivate["code"] = Grant.HashOf(code);
        if (setUp)
        {
            codePrivate[SetUpMember] = factor;
        }

        var challenge = await sessions.StartAsync(session, client, new AuthSessionData(factor, user.Key, user.Username, Private: codePrivate), cancellationToken)
            .ConfigureAwait(false);
        return AuthOutcome.Challenge(factor, challenge, new Dictionary<string, string>
        {
            ["CODE_DELIVERY_DELIVERY_MEDIUM"] = medium,
            ["CODE_DELIVERY_DESTINATION"] = Destinations.Mask(medium, destination),
        }) with
        { Sent = sent is null ? [] : [sent], Unsent = customized ? unsent : null };
    }

    /// <summary>
    /// Sends the MFA code of <paramref name="outcome"/> that waited for the pool's CustomMessage function
    /// (<c>CustomMessage_Authentication</c>, with <c>{####}</c> for the code), in a write session of its own; the
    /// message goes to <see cref="AuthOutcome.Sent"/>. An answer without the placeholder keeps the pool's message, as
    /// in Cognito; a failing function fails the call with its error. Call it with no write session open.
    /// </summary>
    public async Task<AuthOutcome> DeliverAsync(
        AuthOutcome outcome, IGatehouseStore store, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        if (outcome.Unsent is not { } unsent)
        {
            return outcome;
        }

        var answer = await triggers.CustomMessageAsync(
            unsent.Pool, "CustomMessage_Authentication", unsent.User, unsent.Client.ClientId, clientMetadata, cancellationToken).ConfigureAwait(false);
        var message = Functions.CognitoTriggers.Customized(answer, unsent.Medium, unsent.Code, unsent.User.Username, invitation: false, unsent.Message);
        OutboxMessage sent;
        await using (var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false))
        {
            sent = await SendCodeAsync(session, unsent, message, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return outcome with { Sent = [.. outcome.Sent, sent], Unsent = null };
    }

    private Task<OutboxMessage> SendCodeAsync(IStoreSession session, UnsentCode unsent, RenderedMessage message, CancellationToken cancellationToken) =>
        outbox.AddAsync(session, unsent.Pool.Id, unsent.User.Username, unsent.Medium, unsent.Destination, message.Subject, message.Body, unsent.Code, cancellationToken);

    private bool VerifySoftwareToken(User user, string code) => SoftwareTokens.TryVerify(user, code, time.GetUtcNow());

    /// <summary>The users' TOTP authenticators, sealed with the same data key as their credentials.</summary>
    public SoftwareTokens SoftwareTokens => _softwareTokens ??= new(credentials.DataKey);

    private SoftwareTokens? _softwareTokens;

    private static string? Text(JsonElement? settings, string name) =>
        settings is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Required(IReadOnlyDictionary<string, string> responses, string name) =>
        responses.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoException.InvalidParameter($"Missing required parameter {name}");
}

/// <summary>
/// An MFA answer that held: the user, <see cref="Next"/> when the answer leads to another challenge (a factor chosen
/// at SELECT_MFA_TYPE; without one the user has passed every factor), and the remembered device the sign-in came from.
/// </summary>
public sealed record MfaAnswer(User User, AuthOutcome? Next, string? DeviceKey = null);
