using Gatehouse.Core.Messaging;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Storage;

/// <summary>
/// One transaction against the store. Lists are keyset-paginated: pass the last key seen as <c>after</c>.
/// User lookups take the user's key (see <see cref="UserKeys"/>), not the name as typed.
/// </summary>
public interface IStoreSession : IAsyncDisposable
{
    Task<UserPool?> GetPoolAsync(string poolId, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserPool>> ListPoolsAsync(string? after, int limit, CancellationToken cancellationToken);

    Task SavePoolAsync(UserPool pool, CancellationToken cancellationToken);

    /// <summary>Deletes the pool with its clients, users, groups, grants, keys and messages.</summary>
    Task DeletePoolAsync(string poolId, CancellationToken cancellationToken);

    Task<AppClient?> GetClientAsync(string clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AppClient>> ListClientsAsync(string poolId, string? after, int limit, CancellationToken cancellationToken);

    Task SaveClientAsync(AppClient client, CancellationToken cancellationToken);

    Task DeleteClientAsync(string clientId, CancellationToken cancellationToken);

    Task<User?> GetUserAsync(string poolId, string userKey, CancellationToken cancellationToken);

    /// <summary>Users whose indexed attribute <paramref name="name"/> equals <paramref name="value"/>.</summary>
    Task<IReadOnlyList<User>> FindUsersAsync(string poolId, string name, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Users in key order, or in index order when filtered on one indexed attribute. <paramref name="cursor"/> is the
    /// <see cref="UserPage.Next"/> of the previous page, opaque to callers.
    /// </summary>
    Task<UserPage> ListUsersAsync(string poolId, UserFilter? filter, string? cursor, int limit, CancellationToken cancellationToken);

    Task<long> CountUsersAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the user and its index entries.</summary>
    Task SaveUserAsync(User user, CancellationToken cancellationToken);

    /// <summary>Deletes the user with its memberships and grants.</summary>
    Task DeleteUserAsync(string poolId, string userKey, CancellationToken cancellationToken);

    Task<Group?> GetGroupAsync(string poolId, string groupName, CancellationToken cancellationToken);

    Task<IReadOnlyList<Group>> ListGroupsAsync(string poolId, string? after, int limit, CancellationToken cancellationToken);

    Task SaveGroupAsync(Group group, CancellationToken cancellationToken);

    Task DeleteGroupAsync(string poolId, string groupName, CancellationToken cancellationToken);

    Task AddMemberAsync(string poolId, string groupName, string userKey, CancellationToken cancellationToken);

    Task RemoveMemberAsync(string poolId, string groupName, string userKey, CancellationToken cancellationToken);

    /// <summary>The user's groups, ordered by group name.</summary>
    Task<IReadOnlyList<Group>> ListGroupsForUserAsync(string poolId, string userKey, string? after, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<User>> ListUsersInGroupAsync(string poolId, string groupName, string? after, int limit, CancellationToken cancellationToken);

    Task<Grant?> GetGrantAsync(string kind, string id, CancellationToken cancellationToken);

    Task SaveGrantAsync(Grant grant, CancellationToken cancellationToken);

    Task DeleteGrantAsync(string kind, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Grant>> ListUserGrantsAsync(string poolId, string userKey, string kind, CancellationToken cancellationToken);

    /// <summary>Every grant of a kind in one pool, ordered by id.</summary>
    Task<IReadOnlyList<Grant>> ListPoolGrantsAsync(string poolId, string kind, CancellationToken cancellationToken);

    /// <summary>Every unexpired grant of a kind, across pools; used to warm in-memory sets at start.</summary>
    Task<IReadOnlyList<Grant>> ListGrantsAsync(string kind, DateTimeOffset notExpiredAt, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="limit"/> grants that expired at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredGrantsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>A JSON document of a kind (an API definition, a deployment, an API key, a usage plan), or null.</summary>
    Task<StoredDocument?> GetDocumentAsync(string kind, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Documents of a kind ordered by id, after <paramref name="after"/> (exclusive); only the children of
    /// <paramref name="parentId"/> when it is given.
    /// </summary>
    Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(string kind, string? parentId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a document.</summary>
    Task SaveDocumentAsync(StoredDocument document, CancellationToken cancellationToken);

    /// <summary>Deletes a document and, with it, every document whose parent it is (of any kind).</summary>
    Task DeleteDocumentAsync(string kind, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<SigningKey>> ListSigningKeysAsync(string poolId, CancellationToken cancellationToken);

    Task SaveSigningKeyAsync(SigningKey key, CancellationToken cancellationToken);

    Task AddMessageAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Messages newest first, optionally for one user.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(string poolId, string? username, int limit, CancellationToken cancellationToken);

    /// <summary>Makes the session's writes durable. Nothing is acknowledged to a caller before this returns.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>One page of users; <see cref="Next"/> is null on the last page.</summary>
public sealed record UserPage(IReadOnlyList<User> Users, string? Next);

/// <summary>A ListUsers filter: <c>name = "value"</c> (Exact) or <c>name ^= "value"</c> (prefix).</summary>
public sealed record UserFilter(string Attribute, string Value, bool Prefix);

/// <summary>
/// A server-side record with an expiry: a refresh token (by hash), an auth session, a confirmation code,
/// or a revoked token family.
/// </summary>
public sealed class Grant
{
    public string Kind { get; set; } = "";
    public string Id { get; set; } = "";
    public string PoolId { get; set; } = "";
    public string? ClientId { get; set; }
    public string? UserKey { get; set; }

    /// <summary>Kind-specific JSON payload.</summary>
    public string Data { get; set; } = "{}";

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>
    /// How a grant keeps the secret that names or proves it (a token, a code, a cookie value), as its id or in its
    /// data: the secret's SHA-256 in hex, so the store never holds the secret itself.
    /// </summary>
    public static string HashOf(string secret) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}

/// <summary>
/// A whole aggregate stored as JSON: what Core reads and writes in one piece (an API with its resources, methods and
/// stages; a deployment's frozen snapshot). <see cref="ParentId"/> ties a child to its aggregate for listing and
/// cascading deletes.
/// </summary>
public sealed class StoredDocument
{
    public string Kind { get; set; } = "";
    public string Id { get; set; } = "";
    public string? ParentId { get; set; }
    public string Data { get; set; } = "{}";
}

/// <summary>A pool's RSA signing key. <see cref="Use"/> is <c>id</c> or <c>access</c>.</summary>
public sealed class SigningKey
{
    public string PoolId { get; set; } = "";
    public string Kid { get; set; } = "";
    public string Use { get; set; } = "";
    public byte[] PrivateKey { get; set; } = [];
    public DateTimeOffset Created { get; set; }
}
