namespace Gatehouse.Core.Storage;

/// <summary>
/// The durable state of a Gatehouse server. A provider (SQLite, later PostgreSQL) implements this and
/// <see cref="IStoreSession"/>; one contract test suite runs against every provider.
/// </summary>
public interface IGatehouseStore
{
    /// <summary>
    /// Opens a unit of work. Its reads see one consistent snapshot. When <paramref name="write"/> is true its writes
    /// are applied atomically and are durable once <see cref="IStoreSession.CommitAsync"/> returns; disposing without
    /// committing discards them.
    /// </summary>
    Task<IStoreSession> OpenAsync(bool write, CancellationToken cancellationToken);

    /// <summary>
    /// Changes after every commit that saved or deleted a document (<see cref="IStoreSession.SaveDocumentAsync"/>,
    /// <see cref="IStoreSession.DeleteDocumentAsync"/>), once that commit is durable. What a reader built from documents
    /// (the gateway's compiled stages) stays current while this value does, so the hot path needs no I/O.
    /// </summary>
    long DocumentVersion { get; }
}
