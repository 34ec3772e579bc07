using Microsoft.Data.Sqlite;

namespace Gatehouse.Storage.Sqlite;

/// <summary>Versioned schema steps, applied in order at start inside one transaction each.</summary>
internal static class SqliteMigrations
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE pools (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
        CREATE TABLE clients (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX clients_by_pool ON clients (pool_id, id);
        CREATE TABLE users (pool_id TEXT NOT NULL, user_key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (pool_id, user_key)) WITHOUT ROWID;
        CREATE TABLE user_index (pool_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, user_key TEXT NOT NULL,
            PRIMARY KEY (pool_id, name, value, user_key)) WITHOUT ROWID;
        CREATE TABLE groups (pool_id TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (pool_id, name)) WITHOUT ROWID;
        CREATE TABLE members (pool_id TEXT NOT NULL, group_name TEXT NOT NULL, user_key TEXT NOT NULL,
            PRIMARY KEY (pool_id, group_name, user_key)) WITHOUT ROWID;
        CREATE INDEX members_by_user ON members (pool_id, user_key, group_name);
        CREATE TABLE grants (kind TEXT NOT NULL, id TEXT NOT NULL, pool_id TEXT NOT NULL, client_id TEXT, user_key TEXT,
            data TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
        CREATE INDEX grants_by_user ON grants (pool_id, user_key, kind);
        CREATE INDEX grants_by_pool ON grants (pool_id);
        CREATE TABLE signing_keys (pool_id TEXT NOT NULL, kid TEXT NOT NULL, use TEXT NOT NULL, private_key BLOB NOT NULL,
            created INTEGER NOT NULL, PRIMARY KEY (pool_id, kid));
        CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, pool_id TEXT NOT NULL, username TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX outbox_by_user ON outbox (pool_id, username, id);
        """,
        """
        CREATE TABLE documents (kind TEXT NOT NULL, id TEXT NOT NULL, parent_id TEXT, data TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
        CREATE INDEX documents_by_parent ON documents (parent_id, kind, id);
        CREATE INDEX grants_by_expiry ON grants (expires_at);
        """,
    ];

    public static int Latest => Steps.Length;

    public static void Apply(SqliteConnection connection)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        var current = CurrentVersion(connection);
        if (current > Steps.Length)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this Gatehouse ({Steps.Length}). Upgrade Gatehouse.");
        }

        for (var version = current + 1; version <= Steps.Length; version++)
        {
            using var transaction = connection.BeginTransaction();
            using var step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = Steps[version - 1] + $"; DELETE FROM schema_version; INSERT INTO schema_version VALUES ({version});";
            step.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static int CurrentVersion(SqliteConnection connection)
    {
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT version FROM schema_version";
        return query.ExecuteScalar() is long version ? (int)version : 0;
    }
}
