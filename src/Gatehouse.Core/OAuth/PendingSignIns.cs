using Gatehouse.Core.Storage;

namespace Gatehouse.Core.OAuth;

/// <summary>
/// The hosted pages sign a user in right after they confirm their account, as Cognito's hosted UI does, but only in
/// the browser that signed them up or typed their password: that browser holds the <see cref="CookieName"/> cookie,
/// whose value names a single-use record for that one user. A confirmation code alone never signs anyone in.
/// </summary>
public sealed class PendingSignIns(IdGenerator ids, TimeProvider time)
{
    /// <summary>The cookie that carries the pending sign-in from the sign-up (or sign-in) page to the confirmation page.</summary>
    public const string CookieName = "cognito-confirm";

    /// <summary>How long a browser may wait between signing up and confirming and still be signed in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const string Kind = "pending-signin";

    /// <summary>Records that this browser proved who the user is; returns the cookie value.</summary>
    public async Task<string> StartAsync(IStoreSession session, string poolId, UserPools.User user, CancellationToken cancellationToken)
    {
        var token = ids.NewOpaqueToken();
        await session.SaveGrantAsync(
            new Grant { Kind = Kind, Id = Grant.HashOf(token), PoolId = poolId, UserKey = user.Key, Data = user.Sub, ExpiresAt = time.GetUtcNow() + Lifetime },
            cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>
    /// Whether the cookie names a live pending sign-in of this user; a match is used up, so the cookie works once.
    /// </summary>
    public async Task<bool> TakeAsync(IStoreSession session, string poolId, UserPools.User user, string? cookie, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 128)
        {
            return false;
        }

        var grant = await session.GetGrantAsync(Kind, Grant.HashOf(cookie), cancellationToken).ConfigureAwait(false);
        if (grant is null || grant.PoolId != poolId || grant.UserKey != user.Key || grant.Data != user.Sub || grant.ExpiresAt <= time.GetUtcNow())
        {
            return false;
        }

        await session.DeleteGrantAsync(Kind, grant.Id, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
