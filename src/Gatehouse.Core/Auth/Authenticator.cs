using System.Text.Json;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// The sign-in state machine: a first factor (password today; SRP and custom later) either completes with tokens or
/// leads to a challenge (NEW_PASSWORD_REQUIRED today; MFA later) carried by a single-use session.
/// </summary>
public sealed partial class Authenticator(
    TokenIssuer issuer, AuthSessions sessions, RefreshTokens refreshTokens, IdGenerator ids, TimeProvider time, CognitoTriggers triggers, Credentials credentials,
    Messaging.Outbox outbox, SrpSignIn srp)
{
    /// <summary>The sign-in triggers (PreAuthentication, PostAuthentication, PreTokenGeneration, custom challenges).</summary>
    public SignInTriggers Triggers { get; } = new(triggers);

    /// <summary>The CUSTOM_AUTH flow, driven by the pool's challenge triggers.</summary>
    public CustomAuth Custom => _custom ??= new CustomAuth(this, sessions, Triggers, time);

    private CustomAuth? _custom;

    /// <summary>The pool's remembered devices (issued here at sign-in; confirmed and managed by the device actions).</summary>
    public Devices Devices { get; } = new(time);

    /// <summary>
    /// Checks the password of the user the caller looked up (null when nobody has the name typed). Failures are
    /// committed before the error is thrown. <paramref name="check"/> is the result of verifying the password before
    /// the write transaction began, when the caller did that.
    /// </summary>
    public async Task<AuthOutcome> PasswordAsync(
        IStoreSession session, UserPool pool, AppClient client, User? user, string password, PasswordCheck? check, CancellationToken cancellationToken,
        string? deviceKey = null)
    {
        var verified = await VerifyPasswordAsync(session, client, user, password, check, cancellationToken).ConfigureAwait(false);
        return await AfterFirstFactorAsync(session, pool, client, verified, deviceKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first factor alone, shared by the Cognito API and the hosted login page: returns the user whose password
    /// matched, still possibly in FORCE_CHANGE_PASSWORD; throws Cognito's error otherwise, with failures committed
    /// first so that they count toward the lockout.
    /// </summary>
    public Task<User> VerifyPasswordAsync(
        IStoreSession session, AppClient client, User? user, string password, PasswordCheck? check, CancellationToken cancellationToken) =>
        FirstFactorAsync(session, client, user, u => PasswordCheck.Verify(check, u, password), u => credentials.Backfill(u, password), cancellationToken);

    /// <summary>
    /// Answers PASSWORD_VERIFIER: <paramref name="verified"/> says whether the user's SRP proof held (see
    /// <see cref="SrpSignIn.Verify"/>). A wrong proof counts toward the same lockout as a wrong password; a right one
    /// leads on to NEW_PASSWORD_REQUIRED, MFA or tokens as a password would. <paramref name="deviceKey"/> is the
    /// remembered device the client says it is (DEVICE_KEY), if any.
    /// </summary>
    public async Task<AuthOutcome> PasswordVerifierAsync(
        IStoreSession session, UserPool pool, AppClient client, User? user, Func<User, bool> verified, string? deviceKey, CancellationToken cancellationToken)
    {
        var confirmed = await FirstFactorAsync(session, client, user, verified, null, cancellationToken).ConfigureAwait(false);
        return await AfterFirstFactorAsync(session, pool, client, confirmed, deviceKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What follows a first factor that held: NEW_PASSWORD_REQUIRED for a temporary password; else, from a remembered
    /// device the pool lets skip MFA, device SRP; else MFA or tokens (with device SRP before them for a known device).
    /// </summary>
    private async Task<AuthOutcome> AfterFirstFactorAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, string? deviceKey, CancellationToken cancellationToken)
    {
        if (user.Status == UserStatus.ForceChangePassword)
        {
            return await NewPasswordChallengeAsync(session, pool, client, user, cancellationToken).ConfigureAwait(false);
        }

        var device = await KnownDeviceAsync(session, pool, user, deviceKey, cancellationToken).ConfigureAwait(false);
        return device is not null && device.RememberedStatus == DeviceStatus.Remembered && Devices.ChallengeRequiredOnNewDevice(pool)
            ? await DeviceChallengeAsync(session, client, user, device.DeviceKey, cancellationToken).ConfigureAwait(false)
            : await SecondFactorAsync(session, pool, client, user, cancellationToken, deviceKey: device?.DeviceKey).ConfigureAwait(false);
    }

    private async Task<User> FirstFactorAsync(
        IStoreSession session, AppClient client, User? user, Func<User, bool> verify, Func<User, bool>? backfill, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (user is null)
        {
            throw client.HidesUserExistence ? CognitoException.IncorrectCredentials() : CognitoException.UserNotFound();
        }

        SignInThrottle.ThrowIfLocked(user, now);
        if (!verify(user))
        {
            if (user.Status == UserStatus.ResetRequired)
            {
                throw new CognitoException("PasswordResetRequiredException", "Password reset required for the user");
            }

            SignInThrottle.RecordFailure(user, now);
            await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            throw CognitoException.IncorrectCredentials();
        }

        if (!user.Enabled)
        {
            throw CognitoException.NotAuthorized("User is disabled.");
        }

        if (user.Status == UserStatus.Unconfirmed)
        {
            throw new CognitoException("UserNotConfirmedException", "User is not confirmed.");
        }

        var backfilled = backfill?.Invoke(user) == true;
        if (user.FailedSignIns > 0 || backfilled)
        {
            SignInThrottle.RecordSuccess(user);
            await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
        }

        if (user.Status == UserStatus.ForceChangePassword && user.TemporaryPasswordExpires is { } expires && expires <= now)
        {
            throw CognitoException.NotAuthorized("Temporary password has expired and must be reset by an administrator.");
        }

        return user;
    }

    /// <summary>
    /// Answers NEW_PASSWORD_REQUIRED: sets the permanent password and any required attributes. <paramref name="newHash"/>
    /// is the new password's hash, computed before the write transaction began.
    /// </summary>
    public async Task<AuthOutcome> NewPasswordAsync(
        IStoreSession session, UserPool pool, AppClient client, string? sessionToken, IReadOnlyDictionary<string, string> responses, string newHash,
        CancellationToken cancellationToken)
    {
        var user = await SetNewPasswordAsync(session, pool, client, sessionToken, responses, newHash, cancellationToken).ConfigureAwait(false);
        return await SecondFactorAsync(session, pool, client, user, cancellationToken, "TokenGeneration_NewPasswordChallenge").ConfigureAwait(false);
    }

    /// <summary>
    /// NEW_PASSWORD_REQUIRED's answer without issuing tokens, for the hosted pages: consumes the challenge session,
    /// saves the password and attributes, and returns the now confirmed user.
    /// </summary>
    public async Task<User> SetNewPasswordAsync(
        IStoreSession session, UserPool pool, AppClient client, string? sessionToken, IReadOnlyDictionary<string, string> responses, string newHash,
        CancellationToken cancellationToken)
    {
        var state = await sessions.ConsumeAsync(session, client, sessionToken, "NEW_PASSWORD_REQUIRED", cancellationToken).ConfigureAwait(false);
        var user = await session.GetUserAsync(pool.Id, state.UserKey, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoException.UserNotFound();
        if (!responses.TryGetValue("NEW_PASSWORD", out var newPassword) || string.IsNullOrEmpty(newPassword))
        {
            throw CognitoException.InvalidParameter("Missing required parameter NEW_PASSWORD");
        }

        var attributes = responses
            .Where(r => r.Key.StartsWith("userAttributes.", StringComparison.Ordinal))
            .Select(r => KeyValuePair.Create(r.Key["userAttributes.".Length..], r.Value))
            .ToList();
        AttributeRules.CheckWrite(pool, attributes, existing: null, admin: false);
        AttributeRules.CheckClientMayWrite(client, attributes.Select(a => a.Key));
        foreach (var (name, value) in attributes)
        {
            user.Attributes[name] = value;
        }

        foreach (var required in RequiredAttributes(pool))
        {
            if (!user.Attributes.ContainsKey(required))
            {
                throw CognitoException.InvalidParameter($"Invalid attributes given, {required} is missing");
            }
        }

        PasswordPolicyRules.Check(pool, newPassword);
        credentials.Set(user, newHash, newPassword);
        user.Status = UserStatus.Confirmed;
        user.TemporaryPasswordExpires = null;
        user.LastModified = time.GetUtcNow();
        await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>
    /// REFRESH_TOKEN_AUTH: new ID and access tokens for the same sign-in, keeping its auth_time; pending until
    /// <see cref="FinishAsync"/> runs PreTokenGeneration (TokenGeneration_RefreshTokens) outside the session.
    /// </summary>
    public async Task<AuthOutcome> RefreshAsync(
        IStoreSession session, UserPool pool, AppClient client, string refreshToken, string? secretHash, string? username,
        CancellationToken cancellationToken)
    {
        var grant = await refreshTokens.FindAsync(session, client, refreshToken, cancellationToken).ConfigureAwait(false);
        var user = await session.GetUserAsync(pool.Id, grant.UserKey!, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoException.NotAuthorized("Refresh Token has been revoked");
        SecretHash.Check(client, secretHash, username, user.Username, user.Sub);
        if (!user.Enabled)
        {
            throw CognitoException.NotAuthorized("User is disabled.");
        }

        var data = RefreshTokens.DataOf(grant);
        var groups = await session.ListGroupsForUserAsync(pool.Id, grant.UserKey!, null, 1000, cancellationToken).ConfigureAwait(false);
        var authEvent = new AuthEvent(data.OriginJti, ids.NewUuid(), data.AuthTime);
        return new AuthOutcome(
            null, null, null, null, null, new PendingTokens(pool, client, user, groups, authEvent, "TokenGeneration_RefreshTokens", false, data.OAuth, data.DeviceKey));
    }

    /// <summary>
    /// Keeps a refresh token for a user who has passed every step; the ID and access tokens are pending until
    /// <see cref="FinishAsync"/>, after the caller commits and closes <paramref name="session"/>.
    /// <paramref name="existingDeviceKey"/> is the device a device SRP sign-in came from: its key goes in the access
    /// token. Without one, a pool that tracks devices registers a new device, returned as <c>NewDeviceMetadata</c>.
    /// </summary>
    public async Task<AuthOutcome> CompleteAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, CancellationToken cancellationToken,
        string triggerSource = "TokenGeneration_Authentication", string? existingDeviceKey = null)
    {
        var authEvent = new AuthEvent(ids.NewUuid(), ids.NewUuid(), time.GetUtcNow());
        var key = UserKeys.Username(pool, user.Username);
        var groups = await session.ListGroupsForUserAsync(pool.Id, key, null, 1000, cancellationToken).ConfigureAwait(false);
        var newDevice = existingDeviceKey is null && Devices.Tracks(pool)
            ? await Devices.IssueAsync(session, pool, key, cancellationToken).ConfigureAwait(false)
            : null;
        var deviceKey = existingDeviceKey ?? newDevice?.DeviceKey;
        var refresh = await refreshTokens.IssueAsync(session, client, key, user.Username, authEvent, cancellationToken, deviceKey: deviceKey).ConfigureAwait(false);
        return new AuthOutcome(
            null, refresh, null, null, null, new PendingTokens(pool, client, user, groups, authEvent, triggerSource, true, DeviceKey: deviceKey), newDevice);
    }

    /// <summary>
    /// Issues the tokens of a pending outcome: PostAuthentication (for a new sign-in) then PreTokenGeneration run first,
    /// and an error of either fails the call without tokens, as in Cognito. Call it with no write session open.
    /// Outcomes that are not pending come back unchanged.
    /// </summary>
    public async Task<AuthOutcome> FinishAsync(AuthOutcome outcome, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        if (outcome.Pending is not { } pending)
        {
            return outcome;
        }

        var tokens = await IssuePendingAsync(pending, clientMetadata, cancellationToken).ConfigureAwait(false);
        return new AuthOutcome(tokens, outcome.RefreshToken, null, null, null, NewDevice: outcome.NewDevice);
    }

    /// <summary>The tokens of <paramref name="pending"/>, after its triggers; see <see cref="FinishAsync"/>.</summary>
    public async Task<IssuedTokens> IssuePendingAsync(PendingTokens pending, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        if (pending.PostAuthentication)
        {
            await Triggers.PostAuthenticationAsync(pending.Pool, pending.Client, pending.User, clientMetadata, cancellationToken).ConfigureAwait(false);
        }

        var scopes = pending.OAuth?.Scopes ?? ["aws.cognito.signin.user.admin"];
        var custom = await Triggers.PreTokenGenerationAsync(
            pending.Pool, pending.Client, pending.User, pending.Groups, scopes, pending.TriggerSource, clientMetadata, cancellationToken).ConfigureAwait(false);
        return await issuer.IssueAsync(pending.Pool, pending.Client, pending.User, pending.Groups, pending.Event, cancellationToken, pending.OAuth, custom, pending.DeviceKey)
            .ConfigureAwait(false);
    }

    /// <summary>Starts NEW_PASSWORD_REQUIRED for a user who signed in with a temporary password.</summary>
    public async Task<AuthOutcome> NewPasswordChallengeAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, CancellationToken cancellationToken)
    {
        var key = UserKeys.Username(pool, user.Username);
        var token = await sessions.StartAsync(session, client, new AuthSessionData("NEW_PASSWORD_REQUIRED", key, user.Username), cancellationToken)
            .ConfigureAwait(false);
        var visible = user.Attributes
            .Where(a => a.Key is not ("sub" or "email_verified" or "phone_number_verified"))
            .ToDictionary(a => a.Key, a => a.Value);
        var missing = RequiredAttributes(pool).Where(r => !user.Attributes.ContainsKey(r)).Select(r => "userAttributes." + r).ToList();
        return AuthOutcome.Challenge("NEW_PASSWORD_REQUIRED", token, new Dictionary<string, string>
        {
            ["USER_ID_FOR_SRP"] = user.Username,
            ["requiredAttributes"] = JsonSerializer.Serialize(missing, Json.CoreJson.Default.ListString),
            ["userAttributes"] = JsonSerializer.Serialize(visible, Json.CoreJson.Default.DictionaryStringString),
        });
    }

    private static IEnumerable<string> RequiredAttributes(UserPool pool) =>
        (pool.SchemaAttributes ?? []).Where(s => s.Required == true && s.Name != "sub").Select(s => s.Name!);
}
