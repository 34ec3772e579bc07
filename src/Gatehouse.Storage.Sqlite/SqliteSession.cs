using System.Text.Json;
using Gatehouse.Core.Json;
using Gatehouse.Core.Messaging;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Storage.Sqlite;

/// <summary>
/// One unit of work. A write session runs on the writer's connection from the start. A read session first looks in
/// <see cref="SharedReads"/> and takes a connection from the pool only when it needs the database, so a request that
/// finds everything there runs no SQL at all.
/// </summary>
internal sealed class SqliteSession : IStoreSession
{
    private readonly Func<StoreConnection>? _connect;
    private readonly Action<StoreConnection> _release;
    private readonly DocumentCaches _documents;
    private readonly SharedReads _shared;
    private readonly long _generation;
    private readonly SharedReads.Changes? _changes;
    private StoreConnection? _connection;
    private SqliteTransaction? _transaction;
    private List<Action>? _handedOut;
    private bool _done;
    private bool _documentsChanged;
    private bool _disposed;

    private SqliteSession(
        StoreConnection? connection, SqliteTransaction? transaction, Func<StoreConnection>? connect, Action<StoreConnection> release, DocumentCaches documents, SharedReads shared)
    {
        _connection = connection;
        _transaction = transaction;
        _connect = connect;
        _release = release;
        _documents = documents;
        _shared = shared;
        _generation = shared.Generation;
        _changes = connect is null ? new SharedReads.Changes() : null;
    }

    /// <summary>A write session on the writer's connection, in its already begun transaction.</summary>
    public static SqliteSession Write(StoreConnection connection, SqliteTransaction transaction, Action<StoreConnection> release, DocumentCaches documents, SharedReads shared) =>
        new(connection, transaction, null, release, documents, shared);

    /// <summary>A read session that connects (and begins its snapshot) on its first SQL statement.</summary>
    public static SqliteSession Read(Func<StoreConnection> connect, Action<StoreConnection> release, DocumentCaches documents, SharedReads shared) =>
        new(null, null, connect, release, documents, shared);

    public Task<UserPool?> GetPoolAsync(string poolId, CancellationToken cancellationToken)
    {
        const string Sql = "SELECT doc FROM pools WHERE id = $1";
        return _changes is null
            ? ReadShared(_shared.Pools, poolId, Sql, cancellationToken, poolId)
            : One(Sql, r => _documents.Pools.Read(poolId, r.GetString(0)), cancellationToken, poolId);
    }

    public Task<IReadOnlyList<UserPool>> ListPoolsAsync(string? after, int limit, CancellationToken cancellationToken) =>
        Many("SELECT doc FROM pools WHERE id > $1 ORDER BY id LIMIT $2", Doc(CoreJson.Default.UserPool), cancellationToken, after ?? "", limit);

    public Task SavePoolAsync(UserPool pool, CancellationToken cancellationToken) =>
        Changed(c => c.Pools.Add(pool.Id)).Run("INSERT OR REPLACE INTO pools (id, doc) VALUES ($1, $2)", cancellationToken, pool.Id, Json(pool, CoreJson.Default.UserPool));

    public async Task DeletePoolAsync(string poolId, CancellationToken cancellationToken)
    {
        Changed(c =>
        {
            c.Pools.Add(poolId);
            c.PoolsDeleted = true;
        });
        foreach (var table in new[] { "clients", "users", "user_index", "groups", "members", "grants", "signing_keys", "outbox" })
        {
            await Run($"DELETE FROM {table} WHERE pool_id = $1", cancellationToken, poolId).ConfigureAwait(false);
        }

        await Run("DELETE FROM pools WHERE id = $1", cancellationToken, poolId).ConfigureAwait(false);
    }

    public Task<AppClient?> GetClientAsync(string clientId, CancellationToken cancellationToken)
    {
        const string Sql = "SELECT doc FROM clients WHERE id = $1";
        return _changes is null
            ? ReadShared(_shared.Clients, clientId, Sql, cancellationToken, clientId)
            : One(Sql, r => _documents.Clients.Read(clientId, r.GetString(0)), cancellationToken, clientId);
    }

    public Task<IReadOnlyList<AppClient>> ListClientsAsync(string poolId, string? after, int limit, CancellationToken cancellationToken) =>
        Many("SELECT doc FROM clients WHERE pool_id = $1 AND id > $2 ORDER BY id LIMIT $3", Doc(CoreJson.Default.AppClient), cancellationToken, poolId, after ?? "", limit);

    public Task SaveClientAsync(AppClient client, CancellationToken cancellationToken) =>
        Changed(c => c.Clients.Add(client.ClientId)).Run("INSERT OR REPLACE INTO clients (id, pool_id, doc) VALUES ($1, $2, $3)", cancellationToken, client.ClientId, client.UserPoolId!, Json(client, CoreJson.Default.AppClient));

    public Task DeleteClientAsync(string clientId, CancellationToken cancellationToken) =>
        Changed(c => c.Clients.Add(clientId)).Run("DELETE FROM clients WHERE id = $1", cancellationToken, clientId);

    public Task<User?> GetUserAsync(string poolId, string userKey, CancellationToken cancellationToken)
    {
        const string Sql = "SELECT doc FROM users WHERE pool_id = $1 AND user_key = $2";
        return _changes is null
            ? ReadShared(_shared.Users, (poolId, userKey), Sql, cancellationToken, poolId, userKey)
            : One(Sql, Doc(CoreJson.Default.User), cancellationToken, poolId, userKey);
    }

    public Task<IReadOnlyList<User>> FindUsersAsync(string poolId, string name, string value, CancellationToken cancellationToken) =>
        Many(
            "SELECT u.doc FROM user_index i JOIN users u ON u.pool_id = i.pool_id AND u.user_key = i.user_key WHERE i.pool_id = $1 AND i.name = $2 AND i.value = $3 ORDER BY i.user_key LIMIT 100",
            Doc(CoreJson.Default.User), cancellationToken, poolId, name, value);

    public async Task<UserPage> ListUsersAsync(string poolId, UserFilter? filter, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (filter is null)
        {
            var users = await Many("SELECT user_key, doc FROM users WHERE pool_id = $1 AND user_key > $2 ORDER BY user_key LIMIT $3",
                r => (Key: r.GetString(0), User: Parse(r.GetString(1), CoreJson.Default.User)), cancellationToken, poolId, cursor ?? "", limit + 1).ConfigureAwait(false);
            return Page(users, limit);
        }

        // The cursor of a filtered list is "value\0key": index order is by value, then by key. Values may hold a NUL,
        // user keys cannot (usernames exclude control characters), so the last NUL is the separator.
        var separator = cursor?.LastIndexOf('\0') ?? -1;
        var (afterValue, afterKey) = separator >= 0 ? (cursor![..separator], cursor[(separator + 1)..]) : ("", "");
        var upper = filter.Prefix ? filter.Value + char.ConvertFromUtf32(0x10FFFF) : filter.Value;

        // max($3, $5) puts the cursor into the primary key range, so a later page seeks to where the previous one
        // ended instead of scanning every earlier match.
        var rows = await Many(
            """
            SELECT i.value, i.user_key, u.doc FROM user_index i JOIN users u ON u.pool_id = i.pool_id AND u.user_key = i.user_key
            WHERE i.pool_id = $1 AND i.name = $2 AND i.value >= max($3, $5) AND i.value <= $4 AND (i.value > $5 OR (i.value = $5 AND i.user_key > $6))
            ORDER BY i.value, i.user_key LIMIT $7
            """,
            r => (Key: r.GetString(0) + "\0" + r.GetString(1), User: Parse(r.GetString(2), CoreJson.Default.User)),
            cancellationToken, poolId, filter.Attribute, filter.Value, upper, afterValue, afterKey, limit + 1).ConfigureAwait(false);
        return Page(rows, limit);
    }

    public async Task<long> CountUsersAsync(string poolId, CancellationToken cancellationToken) =>
        (await One("SELECT count(*) FROM users WHERE pool_id = $1", r => r.GetInt64(0), cancellationToken, poolId).ConfigureAwait(false));

    public async Task SaveUserAsync(User user, CancellationToken cancellationToken)
    {
        var key = user.Key;
        Changed(c => c.Users.Add((user.PoolId, key)));
        await Run("INSERT OR REPLACE INTO users (pool_id, user_key, doc) VALUES ($1, $2, $3)", cancellationToken, user.PoolId, key, Json(user, CoreJson.Default.User)).ConfigureAwait(false);
        await Run("DELETE FROM user_index WHERE pool_id = $1 AND user_key = $2 AND name IN (SELECT value FROM json_each($3))", cancellationToken,
            user.PoolId, key, JsonSerializer.Serialize(UserKeys.Indexed.ToList(), CoreJson.Default.ListString)).ConfigureAwait(false);
        foreach (var (name, value) in UserKeys.IndexEntries(user))
        {
            await Run("INSERT OR IGNORE INTO user_index (pool_id, name, value, user_key) VALUES ($1, $2, $3, $4)", cancellationToken, user.PoolId, name, value, key).ConfigureAwait(false);
        }
    }

    public async Task DeleteUserAsync(string poolId, string userKey, CancellationToken cancellationToken)
    {
        Changed(c => c.Users.Add((poolId, userKey)));
        foreach (var table in new[] { "users", "user_index", "members", "grants" })
        {
            await Run($"DELETE FROM {table} WHERE pool_id = $1 AND user_key = $2", cancellationToken, poolId, userKey).ConfigureAwait(false);
        }
    }

    public Task<Group?> GetGroupAsync(string poolId, string groupName, CancellationToken cancellationToken) =>
        One("SELECT doc FROM groups WHERE pool_id = $1 AND name = $2", Doc(CoreJson.Default.Group), cancellationToken, poolId, groupName);

    public Task<IReadOnlyList<Group>> ListGroupsAsync(string poolId, string? after, int limit, CancellationToken cancellationToken) =>
        Many("SELECT doc FROM groups WHERE pool_id = $1 AND name > $2 ORDER BY name LIMIT $3", Doc(CoreJson.Default.Group), cancellationToken, poolId, after ?? "", limit);

    public Task SaveGroupAsync(Group group, CancellationToken cancellationToken) =>
        Run("INSERT OR REPLACE INTO groups (pool_id, name, doc) VALUES ($1, $2, $3)", cancellationToken, group.UserPoolId!, group.GroupName, Json(group, CoreJson.Default.Group));

    public async Task DeleteGroupAsync(string poolId, string groupName, CancellationToken cancellationToken)
    {
        await Run("DELETE FROM members WHERE pool_id = $1 AND group_name = $2", cancellationToken, poolId, groupName).ConfigureAwait(false);
        await Run("DELETE FROM groups WHERE pool_id = $1 AND name = $2", cancellationToken, poolId, groupName).ConfigureAwait(false);
    }

    public Task AddMemberAsync(string poolId, string groupName, string userKey, CancellationToken cancellationToken) =>
        Run("INSERT OR IGNORE INTO members (pool_id, group_name, user_key) VALUES ($1, $2, $3)", cancellationToken, poolId, groupName, userKey);

    public Task RemoveMemberAsync(string poolId, string groupName, string userKey, CancellationToken cancellationToken) =>
        Run("DELETE FROM members WHERE pool_id = $1 AND group_name = $2 AND user_key = $3", cancellationToken, poolId, groupName, userKey);

    public Task<IReadOnlyList<Group>> ListGroupsForUserAsync(string poolId, string userKey, string? after, int limit, CancellationToken cancellationToken) =>
        Many(
            "SELECT g.doc FROM members m JOIN groups g ON g.pool_id = m.pool_id AND g.name = m.group_name WHERE m.pool_id = $1 AND m.user_key = $2 AND m.group_name > $3 ORDER BY m.group_name LIMIT $4",
            Doc(CoreJson.Default.Group), cancellationToken, poolId, userKey, after ?? "", limit);

    public Task<IReadOnlyList<User>> ListUsersInGroupAsync(string poolId, string groupName, string? after, int limit, CancellationToken cancellationToken) =>
        Many(
            "SELECT u.doc FROM members m JOIN users u ON u.pool_id = m.pool_id AND u.user_key = m.user_key WHERE m.pool_id = $1 AND m.group_name = $2 AND m.user_key > $3 ORDER BY m.user_key LIMIT $4",
            Doc(CoreJson.Default.User), cancellationToken, poolId, groupName, after ?? "", limit);

    public Task<Grant?> GetGrantAsync(string kind, string id, CancellationToken cancellationToken) =>
        One("SELECT kind, id, pool_id, client_id, user_key, data, expires_at FROM grants WHERE kind = $1 AND id = $2", ReadGrant, cancellationToken, kind, id);

    public Task SaveGrantAsync(Grant grant, CancellationToken cancellationToken) =>
        Run("INSERT OR REPLACE INTO grants (kind, id, pool_id, client_id, user_key, data, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)", cancellationToken,
            grant.Kind, grant.Id, grant.PoolId, grant.ClientId, grant.UserKey, grant.Data, grant.ExpiresAt.ToUnixTimeMilliseconds());

    public Task DeleteGrantAsync(string kind, string id, CancellationToken cancellationToken) =>
        Run("DELETE FROM grants WHERE kind = $1 AND id = $2", cancellationToken, kind, id);

    public Task<IReadOnlyList<Grant>> ListUserGrantsAsync(string poolId, string userKey, string kind, CancellationToken cancellationToken) =>
        Many("SELECT kind, id, pool_id, client_id, user_key, data, expires_at FROM grants WHERE pool_id = $1 AND user_key = $2 AND kind = $3", ReadGrant, cancellationToken, poolId, userKey, kind);

    public Task<IReadOnlyList<Grant>> ListPoolGrantsAsync(string poolId, string kind, CancellationToken cancellationToken) =>
        Many("SELECT kind, id, pool_id, client_id, user_key, data, expires_at FROM grants WHERE pool_id = $1 AND kind = $2 ORDER BY id", ReadGrant, cancellationToken, poolId, kind);

    public Task<IReadOnlyList<Grant>> ListGrantsAsync(string kind, DateTimeOffset notExpiredAt, CancellationToken cancellationToken) =>
        Many("SELECT kind, id, pool_id, client_id, user_key, data, expires_at FROM grants WHERE kind = $1 AND expires_at > $2", ReadGrant, cancellationToken, kind, notExpiredAt.ToUnixTimeMilliseconds());

    public Task<int> DeleteExpiredGrantsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Count("DELETE FROM grants WHERE (kind, id) IN (SELECT kind, id FROM grants WHERE expires_at <= $1 LIMIT $2)", cancellationToken,
            now.ToUnixTimeMilliseconds(), limit);

    public Task<StoredDocument?> GetDocumentAsync(string kind, string id, CancellationToken cancellationToken) =>
        One("SELECT kind, id, parent_id, data FROM documents WHERE kind = $1 AND id = $2", ReadDocument, cancellationToken, kind, id);

    public Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(string kind, string? parentId, string? after, int limit, CancellationToken cancellationToken) =>
        parentId is null
            ? Many("SELECT kind, id, parent_id, data FROM documents WHERE kind = $1 AND id > $2 ORDER BY id LIMIT $3", ReadDocument, cancellationToken, kind, after ?? "", limit)
            : Many("SELECT kind, id, parent_id, data FROM documents WHERE parent_id = $1 AND kind = $2 AND id > $3 ORDER BY id LIMIT $4", ReadDocument, cancellationToken,
                parentId, kind, after ?? "", limit);

    public Task SaveDocumentAsync(StoredDocument document, CancellationToken cancellationToken)
    {
        _documentsChanged = true;
        return Run("INSERT OR REPLACE INTO documents (kind, id, parent_id, data) VALUES ($1, $2, $3, $4)", cancellationToken,
            document.Kind, document.Id, document.ParentId, document.Data);
    }

    public async Task DeleteDocumentAsync(string kind, string id, CancellationToken cancellationToken)
    {
        _documentsChanged = true;
        await Run("DELETE FROM documents WHERE parent_id = $1", cancellationToken, id).ConfigureAwait(false);
        await Run("DELETE FROM documents WHERE kind = $1 AND id = $2", cancellationToken, kind, id).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<SigningKey>> ListSigningKeysAsync(string poolId, CancellationToken cancellationToken) =>
        Many("SELECT pool_id, kid, use, private_key, created FROM signing_keys WHERE pool_id = $1",
            r => new SigningKey
            {
                PoolId = r.GetString(0),
                Kid = r.GetString(1),
                Use = r.GetString(2),
                PrivateKey = (byte[])r.GetValue(3),
                Created = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            },
            cancellationToken, poolId);

    public Task SaveSigningKeyAsync(SigningKey key, CancellationToken cancellationToken) =>
        Run("INSERT OR REPLACE INTO signing_keys (pool_id, kid, use, private_key, created) VALUES ($1, $2, $3, $4, $5)", cancellationToken,
            key.PoolId, key.Kid, key.Use, key.PrivateKey, key.Created.ToUnixTimeMilliseconds());

    public async Task AddMessageAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        message.Id = await One("INSERT INTO outbox (pool_id, username, doc) VALUES ($1, $2, $3) RETURNING id", r => r.GetInt64(0), cancellationToken,
            message.UserPoolId, message.Username, Json(message, CoreJson.Default.OutboxMessage)).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(string poolId, string? username, int limit, CancellationToken cancellationToken) =>
        username is null
            ? Many("SELECT id, doc FROM outbox WHERE pool_id = $1 ORDER BY id DESC LIMIT $2", ReadMessage, cancellationToken, poolId, limit)
            : Many("SELECT id, doc FROM outbox WHERE pool_id = $1 AND username = $2 ORDER BY id DESC LIMIT $3", ReadMessage, cancellationToken, poolId, username, limit);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            throw new InvalidOperationException("The session has already been committed.");
        }

        try
        {
            if (_transaction is not null)
            {
                await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _done = true;
        }
        finally
        {
            // Before the commit is acknowledged, and still under the writer lock. Also when the commit failed: an
            // entry removed for nothing is read again, one kept for a change that did land would be stale.
            if (_changes is { Any: true })
            {
                _shared.Invalidate(_changes);
            }
        }

        if (_documentsChanged)
        {
            _documents.Changed();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            // Rolls back what was not committed; the connection goes back to the store only if that left it clean.
            if (_transaction is not null)
            {
                await _transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (_connection is not null)
            {
                _release(_connection);
            }
        }

        foreach (var check in _handedOut ?? [])
        {
            check();
        }
    }

    private static UserPage Page(IReadOnlyList<(string Key, User User)> rows, int limit) =>
        new(rows.Take(limit).Select(r => r.User).ToList(), rows.Count > limit ? rows[limit - 1].Key : null);

    private static StoredDocument ReadDocument(SqliteDataReader r) => new()
    {
        Kind = r.GetString(0),
        Id = r.GetString(1),
        ParentId = r.IsDBNull(2) ? null : r.GetString(2),
        Data = r.GetString(3),
    };

    private static Grant ReadGrant(SqliteDataReader r) => new()
    {
        Kind = r.GetString(0),
        Id = r.GetString(1),
        PoolId = r.GetString(2),
        ClientId = r.IsDBNull(3) ? null : r.GetString(3),
        UserKey = r.IsDBNull(4) ? null : r.GetString(4),
        Data = r.GetString(5),
        ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
    };

    private static OutboxMessage ReadMessage(SqliteDataReader r)
    {
        var message = Parse(r.GetString(1), CoreJson.Default.OutboxMessage);
        message.Id = r.GetInt64(0);
        return message;
    }

    private static Func<SqliteDataReader, T> Doc<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => r => Parse(r.GetString(0), type);

    private static T Parse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Deserialize(json, type)!;

    private static string Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    // The connection's prepared command for this SQL; it stays with the connection, so it is not disposed here.
    private SqliteCommand Command(string sql, object?[] args)
    {
        if (_transaction is null)
        {
            Connect();
        }

        return _connection!.Command(sql, _transaction!, args);
    }

    private void Connect()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _connect!();
        try
        {
            _transaction = connection.Connection.BeginTransaction(deferred: true);
        }
        catch
        {
            _release(connection);
            throw;
        }

        _connection = connection;
    }

    // Write sessions note what they change, for SharedReads; a read session cannot change anything (query_only).
    private SqliteSession Changed(Action<SharedReads.Changes> change)
    {
        if (_changes is not null)
        {
            change(_changes);
        }

        return this;
    }

    // A read session's pool, client or user: the shared one, else read from its snapshot and shared.
    private Task<T?> ReadShared<TKey, T>(Shelf<TKey, T> shelf, TKey key, string sql, CancellationToken cancellationToken, params object?[] args)
        where TKey : notnull
        where T : class =>
        Shared(shelf, key) is { } value ? Task.FromResult<T?>(value) : ShareAsync(shelf, key, One(sql, Doc(shelf.Type), cancellationToken, args));

    private T? Shared<TKey, T>(Shelf<TKey, T> shelf, TKey key)
        where TKey : notnull
        where T : class
    {
        if (shelf.Find(key) is not { } entry)
        {
            return null;
        }

        if (_shared.Check)
        {
            entry.ThrowIfChanged();
            (_handedOut ??= []).Add(entry.ThrowIfChanged);
        }

        return entry.Value;
    }

    private async Task<T?> ShareAsync<TKey, T>(Shelf<TKey, T> shelf, TKey key, Task<T?> read)
        where TKey : notnull
        where T : class
    {
        var value = await read.ConfigureAwait(false);
        if (value is not null)
        {
            // One entry, shared or not: what this session hands out is checked against the JSON it had when read.
            var entry = _shared.Entry(shelf, key, value);
            _shared.Add(shelf, entry, _generation);
            if (_shared.Check)
            {
                (_handedOut ??= []).Add(entry.ThrowIfChanged);
            }
        }

        return value;
    }

    private async Task Run(string sql, CancellationToken cancellationToken, params object?[] args) =>
        await Count(sql, cancellationToken, args).ConfigureAwait(false);

    private Task<int> Count(string sql, CancellationToken cancellationToken, params object?[] args) =>
        Command(sql, args).ExecuteNonQueryAsync(cancellationToken);

    private async Task<T?> One<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params object?[] args)
    {
        var command = Command(sql, args);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? read(reader) : default;
    }

    private async Task<IReadOnlyList<T>> Many<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params object?[] args)
    {
        var command = Command(sql, args);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(read(reader));
        }

        return results;
    }
}
