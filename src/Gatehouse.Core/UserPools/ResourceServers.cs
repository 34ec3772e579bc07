using System.Text.Json;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// A pool's resource servers, kept as never-expiring grants so they need no table of their own: a pool has few
/// (AWS allows 25), and they go with the pool when it is deleted.
/// </summary>
public static class ResourceServers
{
    private const string Kind = "resource-server";

    public static async Task<ResourceServer?> GetAsync(IStoreSession session, string poolId, string identifier, CancellationToken cancellationToken)
    {
        var grant = await session.GetGrantAsync(Kind, IdOf(poolId, identifier), cancellationToken).ConfigureAwait(false);
        return grant is null ? null : Parse(grant);
    }

    /// <summary>The pool's resource servers, ordered by identifier.</summary>
    public static async Task<List<ResourceServer>> ListAsync(IStoreSession session, string poolId, CancellationToken cancellationToken)
    {
        var grants = await session.ListPoolGrantsAsync(poolId, Kind, cancellationToken).ConfigureAwait(false);
        return [.. grants.Select(Parse).OrderBy(r => r.Identifier, StringComparer.Ordinal)];
    }

    /// <summary>Every custom scope of the pool as tokens carry it (<c>{identifier}/{scope}</c>), for membership tests; unordered.</summary>
    public static async Task<HashSet<string>> ScopeSetAsync(IStoreSession session, string poolId, CancellationToken cancellationToken)
    {
        var grants = await session.ListPoolGrantsAsync(poolId, Kind, cancellationToken).ConfigureAwait(false);
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grant in grants)
        {
            var server = Parse(grant);
            foreach (var scope in server.Scopes ?? [])
            {
                scopes.Add($"{server.Identifier}/{scope.ScopeName}");
            }
        }

        return scopes;
    }

    public static Task SaveAsync(IStoreSession session, ResourceServer server, CancellationToken cancellationToken) =>
        session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = IdOf(server.UserPoolId!, server.Identifier!),
                PoolId = server.UserPoolId!,
                Data = JsonSerializer.Serialize(server, CoreJson.Default.ResourceServer),
                ExpiresAt = DateTimeOffset.MaxValue,
            },
            cancellationToken);

    public static Task DeleteAsync(IStoreSession session, string poolId, string identifier, CancellationToken cancellationToken) =>
        session.DeleteGrantAsync(Kind, IdOf(poolId, identifier), cancellationToken);

    // A pool id never contains a newline, so the pair cannot collide with another pool's.
    private static string IdOf(string poolId, string identifier) => poolId + "\n" + identifier;

    private static ResourceServer Parse(Grant grant) => JsonSerializer.Deserialize(grant.Data, CoreJson.Default.ResourceServer)!;
}
