using System.Text.Json;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// What a challenge session remembers between InitiateAuth and RespondToAuthChallenge. A CUSTOM_CHALLENGE session also
/// carries the sequence so far (<see cref="History"/>), and the current challenge's private parameters and metadata;
/// its <see cref="UserKey"/> is empty when the client hides that nobody has the name.
/// </summary>
public sealed record AuthSessionData(
    string ChallengeName,
    string UserKey,
    string Username,
    IReadOnlyList<Functions.ChallengeStep>? History = null,
    Dictionary<string, string>? Private = null,
    string? ChallengeMetadata = null,
    int Attempts = 0);

/// <summary>A session taken for an answer that may turn out wrong; see <see cref="AuthSessions.TakeAsync"/>.</summary>
public sealed record AuthSessionAttempt(AuthSessionData Data, Grant Grant);

/// <summary>
/// Opaque, single-use challenge sessions that expire after the client's AuthSessionValidity (3 minutes by default).
/// Only a hash of the session is stored.
/// </summary>
public sealed class AuthSessions(IdGenerator ids, TimeProvider time)
{
    /// <summary>Wrong answers one challenge session takes before it is spent (MFA codes cannot be brute-forced).</summary>
    public const int MaxAttempts = 3;

    private const string Kind = "session";

    public async Task<string> StartAsync(IStoreSession session, AppClient client, AuthSessionData data, CancellationToken cancellationToken)
    {
        var token = ids.NewOpaqueToken() + ids.NewOpaqueToken();
        await session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = Grant.HashOf(token),
                PoolId = client.UserPoolId ?? "",
                ClientId = client.ClientId,
                UserKey = data.UserKey,
                Data = JsonSerializer.Serialize(data, AuthJson.Default.AuthSessionData),
                ExpiresAt = time.GetUtcNow() + TimeSpan.FromMinutes(client.AuthSessionValidity ?? 3),
            },
            cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>Takes the session out of the store (so it cannot be used twice) and returns what it held.</summary>
    public async Task<AuthSessionData> ConsumeAsync(IStoreSession session, AppClient client, string? token, string challengeName, CancellationToken cancellationToken) =>
        (await TakeAsync(session, client, token, challengeName, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>
    /// Takes the session out of the store like <see cref="ConsumeAsync"/>, keeping what <see cref="RetryAsync"/> needs
    /// to put it back after a wrong code.
    /// </summary>
    public async Task<AuthSessionAttempt> TakeAsync(IStoreSession session, AppClient client, string? token, string challengeName, CancellationToken cancellationToken)
    {
        var grant = string.IsNullOrEmpty(token) ? null : await session.GetGrantAsync(Kind, Grant.HashOf(token), cancellationToken).ConfigureAwait(false);
        if (grant is null || grant.ClientId != client.ClientId || grant.ExpiresAt <= time.GetUtcNow())
        {
            throw CognitoException.NotAuthorized("Invalid session for the user, session is expired.");
        }

        var data = JsonSerializer.Deserialize(grant.Data, AuthJson.Default.AuthSessionData)!;
        if (data.ChallengeName != challengeName)
        {
            throw CognitoException.InvalidParameter($"Invalid challenge name: expected {data.ChallengeName}.");
        }

        await session.DeleteGrantAsync(Kind, grant.Id, cancellationToken).ConfigureAwait(false);
        return new AuthSessionAttempt(data, grant);
    }

    /// <summary>
    /// Puts a taken session back, with the same token and expiry, after a wrong answer: a session allows
    /// <see cref="MaxAttempts"/> wrong answers in all, then it is gone. True when it can still be answered.
    /// </summary>
    public static async Task<bool> RetryAsync(IStoreSession session, AuthSessionAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(attempt);
        var attempts = attempt.Data.Attempts + 1;
        if (attempts >= MaxAttempts)
        {
            return false;
        }

        attempt.Grant.Data = JsonSerializer.Serialize(attempt.Data with { Attempts = attempts }, AuthJson.Default.AuthSessionData);
        await session.SaveGrantAsync(attempt.Grant, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Finds a session by its token alone, for the calls that carry a Session but no ClientId (AssociateSoftwareToken
    /// and VerifySoftwareToken during MFA_SETUP). Null when it is unknown, expired or waits for another challenge.
    /// The session stays in the store: <see cref="DeleteAsync"/> or <see cref="SaveAsync"/> it afterwards.
    /// </summary>
    public async Task<OpenAuthSession?> FindAsync(IStoreSession session, string? token, string challengeName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var grant = string.IsNullOrEmpty(token) ? null : await session.GetGrantAsync(Kind, Grant.HashOf(token), cancellationToken).ConfigureAwait(false);
        if (grant is null || grant.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        var data = JsonSerializer.Deserialize(grant.Data, AuthJson.Default.AuthSessionData)!;
        return data.ChallengeName == challengeName ? new OpenAuthSession(grant, data) : null;
    }

    /// <summary>Removes a session that <see cref="FindAsync"/> returned, so it cannot be used again.</summary>
    public Task DeleteAsync(IStoreSession session, OpenAuthSession found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(found);
        return session.DeleteGrantAsync(Kind, found.Grant.Id, cancellationToken);
    }

    /// <summary>Stores new data under a session that <see cref="FindAsync"/> returned, keeping its token and expiry.</summary>
    public Task SaveAsync(IStoreSession session, OpenAuthSession found, AuthSessionData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(found);
        found.Grant.Data = JsonSerializer.Serialize(data, AuthJson.Default.AuthSessionData);
        found.Grant.UserKey = data.UserKey;
        return session.SaveGrantAsync(found.Grant, cancellationToken);
    }
}

/// <summary>A session found by <see cref="AuthSessions.FindAsync"/>: what it holds, and the pool and client it was started for.</summary>
public sealed record OpenAuthSession(Grant Grant, AuthSessionData Data)
{
    public string PoolId => Grant.PoolId;

    public string? ClientId => Grant.ClientId;
}
