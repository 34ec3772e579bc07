using System.Text.Json;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Storage.Sqlite;

/// <summary>
/// Inserts many users in one transaction with prepared statements: the import path, a million users in well under
/// a minute. New users only: an existing key is skipped and reported.
/// </summary>
public sealed class SqliteBulkUserWriter : IBulkUserWriter
{
    private const int ImportCacheKiB = -64 * 1024;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _writer;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insertUser;
    private readonly SqliteCommand _insertIndex;
    private readonly long _cacheSize;

    internal SqliteBulkUserWriter(SqliteConnection connection, SemaphoreSlim writer)
    {
        _connection = connection;
        _writer = writer;
        // A pooled connection may come back from a read session still query_only.
        SqliteStore.Execute(connection, "PRAGMA query_only=0; PRAGMA synchronous=FULL");
        _cacheSize = CacheSize(connection);
        // With the default 2 MB cache a million users spill dirty pages to the WAL again and again (about 40% more
        // CPU); 64 MB avoids that, and 256 MB measured no faster. The pooled connection gets its own size back on dispose.
        SqliteStore.Execute(connection, $"PRAGMA cache_size={ImportCacheKiB}");
        _transaction = connection.BeginTransaction();
        _insertUser = Prepare("INSERT OR IGNORE INTO users (pool_id, user_key, doc) VALUES ($1, $2, $3)", 3);
        _insertIndex = Prepare("INSERT OR IGNORE INTO user_index (pool_id, name, value, user_key) VALUES ($1, $2, $3, $4)", 4);
    }

    /// <summary>Adds a user; false when the pool already has one with that key.</summary>
    public bool Add(User user)
    {
        _insertUser.Parameters[0].Value = user.PoolId;
        _insertUser.Parameters[1].Value = user.Key;
        _insertUser.Parameters[2].Value = JsonSerializer.Serialize(user, CoreJson.Default.User);
        if (_insertUser.ExecuteNonQuery() == 0)
        {
            return false;
        }

        foreach (var (name, value) in UserKeys.IndexEntries(user))
        {
            _insertIndex.Parameters[0].Value = user.PoolId;
            _insertIndex.Parameters[1].Value = name;
            _insertIndex.Parameters[2].Value = value;
            _insertIndex.Parameters[3].Value = user.Key;
            _insertIndex.ExecuteNonQuery();
        }

        return true;
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _insertUser.DisposeAsync().ConfigureAwait(false);
            await _insertIndex.DisposeAsync().ConfigureAwait(false);
            await _transaction.DisposeAsync().ConfigureAwait(false);
            try
            {
                SqliteStore.Execute(_connection, $"PRAGMA cache_size={_cacheSize}");
            }
            finally
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    private static long CacheSize(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteCommand Prepare(string sql, int parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i, null));
        }

        command.Prepare();
        return command;
    }
}
