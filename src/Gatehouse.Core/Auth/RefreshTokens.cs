using System.Text.Json;
using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// Opaque refresh tokens, stored only as SHA-256 hashes. Revoking a sign-in deletes its refresh tokens and records its
/// <c>origin_jti</c>, which also kills the access and ID tokens issued from it.
/// </summary>
public sealed class RefreshTokens(IdGenerator ids, TimeProvider time, RevocationList revocations)
{
    private const string Kind = "refresh";
    private const string RevokedKind = "revoked";

    public async Task<string> IssueAsync(
        IStoreSession session, AppClient client, string userKey, string username, AuthEvent authEvent, CancellationToken cancellationToken,
        IReadOnlyList<string>? scopes = null, string? deviceKey = null)
    {
        var token = ids.NewOpaqueToken() + ids.NewOpaqueToken();
        await session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = Grant.HashOf(token),
                PoolId = client.UserPoolId!,
                ClientId = client.ClientId,
                UserKey = userKey,
                Data = JsonSerializer.Serialize(new RefreshGrantData(username, authEvent.OriginJti, authEvent.AuthTime, scopes, deviceKey), TokenJson.Default.RefreshGrantData),
                ExpiresAt = time.GetUtcNow() + TokenLifetimes.For(client).Refresh,
            },
            cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>The grant behind a refresh token of this client, or NotAuthorizedException.</summary>
    public async Task<Grant> FindAsync(IStoreSession session, AppClient client, string token, CancellationToken cancellationToken)
    {
        var grant = await session.GetGrantAsync(Kind, Grant.HashOf(token), cancellationToken).ConfigureAwait(false);
        if (grant is null || grant.ClientId != client.ClientId)
        {
            throw CognitoException.NotAuthorized("Invalid Refresh Token");
        }

        if (revocations.IsRevoked(DataOf(grant).OriginJti))
        {
            throw CognitoException.NotAuthorized("Refresh Token has been revoked");
        }

        if (grant.ExpiresAt <= time.GetUtcNow())
        {
            throw CognitoException.NotAuthorized("Refresh Token has expired");
        }

        return grant;
    }

    /// <summary>RevokeToken: ends the sign-in this refresh token belongs to.</summary>
    public async Task RevokeAsync(IStoreSession session, Grant grant, CancellationToken cancellationToken)
    {
        await RevokeOriginAsync(session, grant.PoolId, DataOf(grant).OriginJti, grant.ExpiresAt, cancellationToken).ConfigureAwait(false);
        await session.DeleteGrantAsync(Kind, grant.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GlobalSignOut and user deletion: ends every sign-in of the user.</summary>
    public async Task RevokeAllAsync(IStoreSession session, string poolId, string userKey, CancellationToken cancellationToken)
    {
        foreach (var grant in await session.ListUserGrantsAsync(poolId, userKey, Kind, cancellationToken).ConfigureAwait(false))
        {
            await RevokeAsync(session, grant, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Warms the in-memory revocation set from the store at start.</summary>
    public static async Task LoadRevocationsAsync(IStoreSession session, RevocationList revocations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var grant in await session.ListGrantsAsync(RevokedKind, now, cancellationToken).ConfigureAwait(false))
        {
            revocations.Add(grant.Id, grant.ExpiresAt);
        }
    }

    /// <summary>ID and access tokens are JWS, three dot-separated parts; refresh tokens are opaque and have no dot.</summary>
    public static bool IsJwt(string token) => token.Count(c => c == '.') == 2;

    public static RefreshGrantData DataOf(Grant grant) => JsonSerializer.Deserialize(grant.Data, TokenJson.Default.RefreshGrantData)!;

    private async Task RevokeOriginAsync(IStoreSession session, string poolId, string originJti, DateTimeOffset refreshExpires, CancellationToken cancellationToken)
    {
        // Kept until the last token of the sign-in could expire: the refresh token, or a day for ID and access tokens.
        var until = new[] { refreshExpires, time.GetUtcNow() + TimeSpan.FromDays(1) }.Max();
        await session.SaveGrantAsync(
            new Grant { Kind = RevokedKind, Id = originJti, PoolId = poolId, ExpiresAt = until },
            cancellationToken).ConfigureAwait(false);

        // Revoking in memory before the commit fails closed: at worst a token dies that the store still lists.
        revocations.Add(originJti, until);
    }
}
