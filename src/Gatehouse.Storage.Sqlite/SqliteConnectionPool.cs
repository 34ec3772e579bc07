using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Storage.Sqlite;

/// <summary>
/// An open connection that the store keeps across sessions, with its pragmas set once and a prepared statement for
/// every SQL text it has run. Microsoft.Data.Sqlite prepares a statement per command object only, so without this each
/// query of each request was compiled anew (efcore#14044).
/// </summary>
internal sealed class StoreConnection : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public StoreConnection(string connectionString, string pragmas)
    {
        Connection = new SqliteConnection(connectionString);
        try
        {
            Connection.Open();
            SqliteStore.Execute(Connection, pragmas);
        }
        catch
        {
            Connection.Dispose();
            throw;
        }
    }

    public SqliteConnection Connection { get; }

    /// <summary>The prepared command for <paramref name="sql"/>, with one positional parameter ($1, $2 ...) per argument.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction transaction, object?[] args)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < args.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + (i + 1), null));
            }

            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters[i].Value = args[i] ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>Whether the connection is back in autocommit mode, i.e. no transaction was left open on it.</summary>
    public bool IsIdle => Connection.State == System.Data.ConnectionState.Open && SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) != 0;

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }
}

/// <summary>Idle read connections, handed to one session at a time.</summary>
internal sealed class SqliteConnectionPool(string connectionString, string pragmas, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<StoreConnection> _idle = [];
    private int _idleCount;
    private bool _disposed;

    public StoreConnection Rent()
    {
        if (_idle.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return connection;
        }

        return new StoreConnection(connectionString, pragmas);
    }

    /// <summary>Takes a connection back, or closes it when it is not clean or enough are idle already.</summary>
    public void Return(StoreConnection connection)
    {
        if (!Volatile.Read(ref _disposed) && connection.IsIdle)
        {
            if (Interlocked.Increment(ref _idleCount) <= maxIdle)
            {
                _idle.Add(connection);
                if (Volatile.Read(ref _disposed))
                {
                    Dispose();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
        }
    }
}
