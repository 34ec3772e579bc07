using System.Text.Json;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Prefix domains, kept as never-expiring grants keyed by the domain itself: that key makes a domain unique across
/// every pool, and lets the OAuth surface find a pool from a <c>Host</c> header with one lookup.
/// </summary>
public static class UserPoolDomains
{
    private const string Kind = "domain";

    public static async Task<UserPoolDomain?> GetAsync(IStoreSession session, string domain, CancellationToken cancellationToken)
    {
        var grant = await session.GetGrantAsync(Kind, domain, cancellationToken).ConfigureAwait(false);
        return grant is null ? null : JsonSerializer.Deserialize(grant.Data, CoreJson.Default.UserPoolDomain);
    }

    /// <summary>Saves the domain and points the pool's <c>Domain</c> at it, in the caller's transaction.</summary>
    public static async Task SaveAsync(IStoreSession session, UserPool pool, UserPoolDomain domain, CancellationToken cancellationToken)
    {
        await session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = domain.Domain!,
                PoolId = pool.Id,
                Data = JsonSerializer.Serialize(domain, CoreJson.Default.UserPoolDomain),
                ExpiresAt = DateTimeOffset.MaxValue,
            },
            cancellationToken).ConfigureAwait(false);
        pool.Domain = domain.Domain;
        await session.SavePoolAsync(pool, cancellationToken).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(IStoreSession session, UserPool pool, string domain, CancellationToken cancellationToken)
    {
        await session.DeleteGrantAsync(Kind, domain, cancellationToken).ConfigureAwait(false);
        pool.Domain = null;
        await session.SavePoolAsync(pool, cancellationToken).ConfigureAwait(false);
    }
}
