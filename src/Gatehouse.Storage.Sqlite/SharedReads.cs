using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Storage.Sqlite;

/// <summary>
/// The pools, app clients and users that read sessions share, so that a read request which finds them here runs no
/// SQL, parses no JSON and copies nothing: the difference between AdminGetUser costing ~40 µs of CPU and ~15 µs.
/// An entry is always the latest committed version of its row:
/// <list type="bullet">
/// <item>every commit that saved or deleted a pool, client or user removes those entries before it returns, under
/// the writer lock, and moves <see cref="Generation"/> on;</item>
/// <item>a read session may add what it read from the database only while the generation is still the one it saw
/// when it opened, before its first SQL; a session whose snapshot might predate a commit can therefore never put an
/// older version back after that commit removed it;</item>
/// <item>nothing is remembered about rows that do not exist, so rows that another process inserts (the offline
/// <c>gatehouse users import</c>, which only adds users) are found on the next read.</item>
/// </list>
/// Another process that changed existing rows in the same file would not be seen; a data directory has one server.
/// </summary>
internal sealed class SharedReads(bool check)
{
    private readonly Lock _gate = new();
    private long _generation;

    public Shelf<string, UserPool> Pools { get; } = new(1024, CoreJson.Default.UserPool);

    public Shelf<string, AppClient> Clients { get; } = new(4096, CoreJson.Default.AppClient);

    public Shelf<(string PoolId, string UserKey), User> Users { get; } = new(16_384, CoreJson.Default.User);

    /// <summary>
    /// Whether every shared object is checked for changes each time it is handed out and when its session ends (see
    /// <see cref="SqliteStore.CheckSharedReads"/>).
    /// </summary>
    public bool Check => check;

    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Removes what a commit changed; called once the commit is durable, before it is acknowledged.</summary>
    public void Invalidate(Changes changes)
    {
        lock (_gate)
        {
            _generation++;
            if (changes.PoolsDeleted)
            {
                // A deleted pool takes its clients and users with it; their keys are not at hand, and this is rare.
                Clients.Clear();
                Users.Clear();
            }

            foreach (var id in changes.Pools)
            {
                Pools.Remove(id);
            }

            foreach (var id in changes.Clients)
            {
                Clients.Remove(id);
            }

            foreach (var key in changes.Users)
            {
                Users.Remove(key);
            }
        }
    }

    /// <summary>What a read session read, ready to share: with its JSON when changes are checked.</summary>
    public Shelf<TKey, T>.Entry Entry<TKey, T>(Shelf<TKey, T> shelf, TKey key, T value)
        where TKey : notnull
        where T : class => new(key, value, check ? shelf.Json(value) : null, shelf);

    /// <summary>Shares <paramref name="entry"/>, unless anything was invalidated since <paramref name="generation"/>.</summary>
    public void Add<TKey, T>(Shelf<TKey, T> shelf, Shelf<TKey, T>.Entry entry, long generation)
        where TKey : notnull
        where T : class
    {
        lock (_gate)
        {
            if (_generation == generation)
            {
                shelf.Set(entry);
            }
        }
    }

    /// <summary>What one write session saved or deleted.</summary>
    public sealed class Changes
    {
        public HashSet<string> Pools { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Clients { get; } = new(StringComparer.Ordinal);

        public HashSet<(string PoolId, string UserKey)> Users { get; } = [];

        public bool PoolsDeleted { get; set; }

        public bool Any => PoolsDeleted || Pools.Count > 0 || Clients.Count > 0 || Users.Count > 0;
    }
}

/// <summary>One kind of shared object, by key.</summary>
internal sealed class Shelf<TKey, T>(int capacity, JsonTypeInfo<T> type)
    where TKey : notnull
    where T : class
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    public JsonTypeInfo<T> Type => type;

    public Entry? Find(TKey key) => _entries.TryGetValue(key, out var entry) ? entry : null;

    /// <summary>Only under <see cref="SharedReads"/>' lock.</summary>
    public void Set(Entry entry)
    {
        if (_entries.Count >= capacity)
        {
            // A full shelf starts again rather than tracking recency on every hit; the hot entries come back at once.
            _entries.Clear();
        }

        _entries[entry.Key] = entry;
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    public string Json(T value) => JsonSerializer.Serialize(value, type);

    /// <summary>A shared object, with its JSON as it was when shared when changes are checked.</summary>
    public sealed class Entry(TKey key, T value, string? json, Shelf<TKey, T> shelf)
    {
        public TKey Key => key;

        public T Value => value;

        /// <summary>Throws if the object no longer serializes as it did when it was shared.</summary>
        public void ThrowIfChanged()
        {
            if (json is not null && !string.Equals(json, shelf.Json(value), StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"A {typeof(T).Name} ({key}) that a read session returned was modified. Objects from read sessions are shared between " +
                    "requests: copy one before changing it, or read it in a write session.");
            }
        }
    }
}
