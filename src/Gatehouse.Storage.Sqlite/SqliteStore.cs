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
    private StoreConnection? _writeConnection;

    public long DocumentVersion => _documents.Version;

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

    public async Task<IStoreSession> OpenAsync(bool write, CancellationToken cancellationToken)
    {
        // Sessions run on connections the store keeps open (pragmas set once, statements prepared once): readers
        // from a pool, the one writer on its own connection under the writer lock.
        StoreConnection? connection = null;
        if (write)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            connection = write ? _writeConnection ??= new StoreConnection(_connectionString, WritePragmas) : _readers.Rent();
            var transaction = connection.Connection.BeginTransaction(deferred: !write);
            return new SqliteSession(connection, transaction, write ? ReturnWriter : _readers.Return, _documents);
        }
        catch
        {
            if (write)
            {
                ReturnWriter(connection);
            }
            else if (connection is not null)
            {
                _readers.Return(connection);
            }

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
