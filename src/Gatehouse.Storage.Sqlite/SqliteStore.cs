using Gatehouse.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed write survives kill -9 and
/// power loss. Writers are serialised in-process; readers run beside them on their own snapshots.
/// </summary>
public sealed class SqliteStore : IGatehouseStore, IBulkUserStore, IDisposable
{
    private const string ReadPragmas = "PRAGMA query_only=1";
    private const string WritePragmas = "PRAGMA query_only=0; PRAGMA synchronous=FULL";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SqliteConnectionPool _readers;
    private readonly DocumentCaches _documents = new();
    private readonly SharedReads _shared = new(check: false);
    private StoreConnection? _writeConnection;

    public long DocumentVersion => _documents.Version;

    /// <summary>
    /// Checks that nobody changes the pools, clients and users that read sessions share: each time one is handed out,
    /// and for all a session handed out when it ends. A change throws <see cref="InvalidOperationException"/>. It costs
    /// a serialization per check, so it is for tests, which run every read path with it on.
    /// </summary>
    public bool CheckSharedReads
    {
        get => _shared.Check;
        init => _shared = new SharedReads(value);
    }

    public SqliteStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "gatehouse.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL");
        SqliteMigrations.Apply(connection);
        _readers = new SqliteConnectionPool(_connectionString, ReadPragmas, maxIdle: Math.Max(4, Environment.ProcessorCount * 4));
    }

    public Task<IStoreSession> OpenAsync(bool write, CancellationToken cancellationToken) =>
        write
            ? OpenWriteAsync(cancellationToken)
            : Task.FromResult<IStoreSession>(SqliteSession.Read(_readers.Rent, _readers.Return, _documents, _shared));

    // The one writer runs on its own connection (pragmas set once, statements prepared once) under the writer lock;
    // readers take pooled connections, and only when they need the database.
    private async Task<IStoreSession> OpenWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        StoreConnection? connection = null;
        try
        {
            connection = _writeConnection ??= new StoreConnection(_connectionString, WritePragmas);
            var transaction = connection.Connection.BeginTransaction(deferred: false);
            return SqliteSession.Write(connection, transaction, ReturnWriter, _documents, _shared);
        }
        catch
        {
            ReturnWriter(connection);
            throw;
        }
    }

    // Called with the writer lock held: keeps the write connection if it is clean, then releases the lock.
    private void ReturnWriter(StoreConnection? connection)
    {
        if (connection is not null && !connection.IsIdle)
        {
            connection.Dispose();
            _writeConnection = null;
        }

        _writer.Release();
    }

    /// <summary>Bulk path for user import: one transaction, prepared statements, no per-row commits.</summary>
    public async Task<SqliteBulkUserWriter> OpenBulkUserWriterAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return new SqliteBulkUserWriter(connection, _writer);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            _writer.Release();
            throw;
        }
    }

    async Task<IBulkUserWriter> IBulkUserStore.OpenBulkWriterAsync(CancellationToken cancellationToken) =>
        await OpenBulkUserWriterAsync(cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        _readers.Dispose();
        _writeConnection?.Dispose();
        _writeConnection = null;
        SqliteConnection.ClearAllPools();
        _writer.Dispose();
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
