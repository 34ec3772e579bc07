using Gatehouse.Core.Storage;

namespace Gatehouse.Core.OAuth;

/// <summary>A browser's signed-in session with a pool's domain, carried by the <see cref="LoginSessions.CookieName"/> cookie.</summary>
public sealed record LoginSession(string PoolId, string UserKey, DateTimeOffset AuthTime, DateTimeOffset ExpiresAt)
{
    /// <summary>The sub of the user who signed in: a user deleted and created again under the same name is not them.</summary>
    public string Sub { get; init; } = "";

    /// <summary>Whether <paramref name="user"/> (looked up by <see cref="UserKey"/>) is still the one who signed in.</summary>
    public bool IsOf([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] UserPools.User? user) => user is { Enabled: true } && user.Sub == Sub;
}

/// <summary>
/// The hosted pages' sign-in sessions: an opaque cookie value, stored only as a hash, that lets
/// <c>/oauth2/authorize</c> answer without asking for the password again for about an hour, as Cognito's does.
/// </summary>
public sealed class LoginSessions(IdGenerator ids, TimeProvider time)
{
    /// <summary>The cookie's name, as Cognito's hosted UI names its session cookie.</summary>
    public const string CookieName = "cognito";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const string Kind = "login";

    /// <summary>Starts a session for a user who just signed in; returns the cookie value.</summary>
    public async Task<string> StartAsync(IStoreSession session, string poolId, UserPools.User user, CancellationToken cancellationToken)
    {
        var token = ids.NewOpaqueToken();
        var now = time.GetUtcNow();
        await session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = Grant.HashOf(token),
                PoolId = poolId,
                UserKey = user.Key,
                Data = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + user.Sub,
                ExpiresAt = now + Lifetime,
            },
            cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>The live session of this pool that the cookie names, or null.</summary>
    public async Task<LoginSession?> FindAsync(IStoreSession session, string poolId, string? cookie, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 128)
        {
            return null;
        }

        var grant = await session.GetGrantAsync(Kind, Grant.HashOf(cookie), cancellationToken).ConfigureAwait(false);
        var parts = grant?.Data.Split(' ', 2);
        if (grant is null || grant.PoolId != poolId || grant.ExpiresAt <= time.GetUtcNow() || grant.UserKey is null || parts is not [var time0, var sub]
            || !long.TryParse(time0, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var authTime))
        {
            return null;
        }

        return new LoginSession(grant.PoolId, grant.UserKey, DateTimeOffset.FromUnixTimeSeconds(authTime), grant.ExpiresAt) { Sub = sub };
    }

    /// <summary>Ends the session the cookie names, if any (logout).</summary>
    public async Task EndAsync(IStoreSession session, string? cookie, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(cookie) && cookie.Length <= 128)
        {
            await session.DeleteGrantAsync(Kind, Grant.HashOf(cookie), cancellationToken).ConfigureAwait(false);
        }
    }
}
