namespace Gatehouse.Core.Storage;

/// <summary>
/// The durable state of a Gatehouse server. A provider (SQLite, later PostgreSQL) implements this and
/// <see cref="IStoreSession"/>; one contract test suite runs against every provider.
/// </summary>
public interface IGatehouseStore
{
    /// <summary>
    /// Opens a unit of work. When <paramref name="write"/> is true its reads see one consistent snapshot that includes
    /// its own writes, and its writes are applied atomically and are durable once <see cref="IStoreSession.CommitAsync"/>
    /// returns; disposing without committing discards them. Each object it returns is the caller's own to change.
    /// <para>
    /// A read session (<paramref name="write"/> false) may answer pools, clients and users from memory: each is then
    /// the latest committed version of that object, which the provider may share with other sessions, so callers
    /// must not change what a read session returns. Whatever it reads from the database sees one snapshot.
    /// </para>
    /// </summary>
    Task<IStoreSession> OpenAsync(bool write, CancellationToken cancellationToken);

    /// <summary>
    /// Changes after every commit that saved or deleted a document (<see cref="IStoreSession.SaveDocumentAsync"/>,
    /// <see cref="IStoreSession.DeleteDocumentAsync"/>), once that commit is durable. What a reader built from documents
    /// (the gateway's compiled stages) stays current while this value does, so the hot path needs no I/O.
    /// </summary>
    long DocumentVersion { get; }
}
