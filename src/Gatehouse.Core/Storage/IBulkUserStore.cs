using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Storage;

/// <summary>
/// A store that can insert many new users in one transaction, for user import. Kept apart from
/// <see cref="IGatehouseStore"/> because only import needs it and a row-at-a-time session would be far too slow.
/// </summary>
public interface IBulkUserStore
{
    /// <summary>Opens one transaction that holds the store's writer until it is disposed.</summary>
    Task<IBulkUserWriter> OpenBulkWriterAsync(CancellationToken cancellationToken);
}

/// <summary>One bulk insert transaction; nothing is durable before <see cref="CommitAsync"/> returns.</summary>
public interface IBulkUserWriter : IAsyncDisposable
{
    /// <summary>Adds a new user with its index entries; false when the pool already has a user with that key.</summary>
    bool Add(User user);

    Task CommitAsync(CancellationToken cancellationToken);
}
