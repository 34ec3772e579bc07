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

    /// <summary>Starts the second factor the user needs, or completes the sign-in when none is needed.</summary>
    public async Task<AuthOutcome> SecondFactorAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, CancellationToken cancellationToken,
        string triggerSource = "TokenGeneration_Authentication", string? deviceKey = null)
    {
        var factors = MfaFactors.OfUser(pool, user);
        if (factors.Count == 0)
        {
            if (MfaFactors.Mode(pool) != "ON")
            {
                return await AfterSecondFactorAsync(session, pool, client, user, deviceKey, cancellationToken, triggerSource).ConfigureAwait(false);
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
        var attempt = await sessions.TakeAsync(session, client, sessionToken, challengeName, cancellationToken).ConfigureAwait(false);
        var user = await SessionUserAsync(session, pool, attempt.Data, username, cancellationToken).ConfigureAwait(false);

        if (!user.Enabled)
        {
            throw CognitoException.NotAuthorized("User is disabled.");
        }

        switch (challengeName)
        {
            case "SELECT_MFA_TYPE":
                var answer = Required(responses, "ANSWER");
                if (!attempt.Data.Private!["choices"].Split(' ').Contains(answer))
                {
                    throw CognitoException.InvalidParameter("Invalid MFA type selected.");
                }

                return await MfaChallengeAsync(session, pool, client, user, answer, DeviceOf(attempt.Data), cancellationToken).ConfigureAwait(false);

            case "MFA_SETUP":
                if (attempt.Data.Private?.GetValueOrDefault("verified") is null)
                {
                    throw CognitoException.InvalidParameter("Software token MFA has not been verified for the user. Call AssociateSoftwareToken and VerifySoftwareToken with this session first.");
                }

                return await AfterSecondFactorAsync(session, pool, client, user, DeviceOf(attempt.Data), cancellationToken).ConfigureAwait(false);
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
        await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
        return await AfterSecondFactorAsync(session, pool, client, user, DeviceOf(attempt.Data), cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuthOutcome> MfaChallengeAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, string factor, string? deviceKey, CancellationToken cancellationToken)
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
        var sent = await outbox.AddAsync(
            session, pool.Id, user.Username, medium, destination, subject, body.Replace("{####}", code, StringComparison.Ordinal), code, cancellationToken)
            .ConfigureAwait(false);
        var codePrivate = DevicePrivate(deviceKey) ?? [];
        codePrivate["code"] = Grant.HashOf(code);
        var challenge = await sessions.StartAsync(session, client, new AuthSessionData(factor, user.Key, user.Username, Private: codePrivate), cancellationToken)
            .ConfigureAwait(false);
        return AuthOutcome.Challenge(factor, challenge, new Dictionary<string, string>
        {
            ["CODE_DELIVERY_DELIVERY_MEDIUM"] = medium,
            ["CODE_DELIVERY_DESTINATION"] = Destinations.Mask(medium, destination),
        }) with
        { Sent = [sent] };
    }

    private bool VerifySoftwareToken(User user, string code) => new SoftwareTokens(credentials.DataKey).TryVerify(user, code, time.GetUtcNow());

    private static string? Text(JsonElement? settings, string name) =>
        settings is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Required(IReadOnlyDictionary<string, string> responses, string name) =>
        responses.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw CognitoException.InvalidParameter($"Missing required parameter {name}");
}
