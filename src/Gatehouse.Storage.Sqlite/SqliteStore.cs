using Gatehouse.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed write survives kill -9 and
/// power loss. Writers are serialised in-process; readers run beside them on their own snapshots.
/// </summary>
public sealed class SqliteStore : IGatehouseStore, IBulkUserStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

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
    }

    public async Task<IStoreSession> OpenAsync(bool write, CancellationToken cancellationToken)
    {
        if (write)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Pooled connections keep their pragmas, so each open states both.
            Execute(connection, write ? "PRAGMA query_only=0; PRAGMA synchronous=FULL" : "PRAGMA query_only=1");
            var transaction = connection.BeginTransaction(deferred: !write);
            return new SqliteSession(connection, transaction, write ? _writer : null);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (write)
            {
                _writer.Release();
            }

            throw;
        }
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
