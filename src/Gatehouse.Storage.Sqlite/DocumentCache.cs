using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Storage.Sqlite;

/// <summary>The document caches a store shares between its sessions.</summary>
internal sealed class DocumentCaches
{
    private const int Capacity = 1024;

    public DocumentCache<UserPool> Pools { get; } = new(CoreJson.Default.UserPool, Capacity);

    public DocumentCache<AppClient> Clients { get; } = new(CoreJson.Default.AppClient, Capacity);

    private long _version;

    /// <summary>See <see cref="Core.Storage.IGatehouseStore.DocumentVersion"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Changed() => Interlocked.Increment(ref _version);
}

/// <summary>
/// Parsed pool and client documents by their exact stored text, for write sessions (read sessions share objects
/// through <see cref="SharedReads"/> instead). Every write action reads its pool, and parsing a pool's ~5 KB of JSON
/// (the standard schema, the default settings) would be the largest single cost of a small one. A write session
/// still fetches the row, so it always sees its own snapshot and writes; when the text is the same as last time, the
/// caller gets a deep copy of the cached object instead of a new parse. The cached object itself is never handed out,
/// so whatever a caller does to its copy stays with that caller.
/// </summary>
internal sealed class DocumentCache<T>(JsonTypeInfo<T> type, int capacity)
    where T : class
{
    private readonly JsonCopier<T>? _copier = JsonCopier<T>.TryCreate(type);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>False when <typeparamref name="T"/> has a member the copier cannot copy exactly; then every read parses.</summary>
    public bool Enabled => _copier is not null;

    public T Read(string key, string doc)
    {
        if (_copier is null)
        {
            return Parse(doc);
        }

        if (_entries.TryGetValue(key, out var entry) && string.Equals(entry.Doc, doc, StringComparison.Ordinal))
        {
            return _copier.Copy(entry.Value);
        }

        var parsed = Parse(doc);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(doc, _copier.Copy(parsed));
        return parsed;
    }

    private T Parse(string doc) => JsonSerializer.Deserialize(doc, type)!;

    private sealed record Entry(string Doc, T Value);
}

/// <summary>
/// Deep copies through source-generated JSON metadata: the members a JSON round trip carries (settable properties),
/// each copied the way deserialization would make it, without reading any JSON. Only for shapes it can copy exactly:
/// objects with a parameterless constructor, lists, dictionaries, and immutable leaves (strings, primitives, enums,
/// dates, <see cref="JsonElement"/>); <see cref="TryCreate"/> returns null for anything else.
/// </summary>
internal sealed class JsonCopier<T>
    where T : class
{
    private readonly Node _root;

    private JsonCopier(Node root) => _root = root;

    public static JsonCopier<T>? TryCreate(JsonTypeInfo<T> type)
    {
        var root = Node.Build(type, []);
        return root is null ? null : new JsonCopier<T>(root);
    }

    public T Copy(T value) => (T)_root.Copy(value)!;

    private sealed class Node
    {
        private NodeKind _kind;
        private Func<object>? _create;
        private Member[] _members = [];
        private Node? _element;

        private enum NodeKind
        {
            Immutable,
            Object,
            List,
            Dictionary,
        }

        public object? Copy(object? value)
        {
            if (value is null || _kind == NodeKind.Immutable)
            {
                return value;
            }

            var copy = _create!();
            switch (_kind)
            {
                case NodeKind.Object:
                    foreach (var member in _members)
                    {
                        member.Set(copy, member.Node.Copy(member.Get(value)));
                    }

                    break;
                case NodeKind.List:
                    var list = (IList)copy;
                    foreach (var item in (IList)value)
                    {
                        list.Add(_element!.Copy(item));
                    }

                    break;
                default:
                    var dictionary = (IDictionary)copy;
                    foreach (DictionaryEntry item in (IDictionary)value)
                    {
                        dictionary.Add(item.Key, _element!.Copy(item.Value));
                    }

                    break;
            }

            return copy;
        }

        public static Node? Build(JsonTypeInfo info, Dictionary<Type, Node> built)
        {
            if (built.TryGetValue(info.Type, out var existing))
            {
                return existing;
            }

            var node = new Node();
            built[info.Type] = node;
            switch (info.Kind)
            {
                case JsonTypeInfoKind.None when IsImmutable(info.Type):
                    node._kind = NodeKind.Immutable;
                    return node;

                case JsonTypeInfoKind.Object when info.CreateObject is not null:
                    node._kind = NodeKind.Object;
                    node._create = info.CreateObject;
                    var members = new List<Member>();
                    foreach (var property in info.Properties)
                    {
                        if (property.Set is null)
                        {
                            continue; // read-only: deserialization does not set it either
                        }

                        var child = property.Get is null ? null : Build(info.Options.GetTypeInfo(property.PropertyType), built);
                        if (child is null)
                        {
                            return null;
                        }

                        members.Add(new Member(property.Get!, property.Set, child));
                    }

                    node._members = [.. members];
                    return node;

                case JsonTypeInfoKind.Enumerable when info.CreateObject is not null && !info.Type.IsArray && typeof(IList).IsAssignableFrom(info.Type):
                    node._kind = NodeKind.List;
                    node._create = info.CreateObject;
                    node._element = Build(info.Options.GetTypeInfo(info.ElementType!), built);
                    return node._element is null ? null : node;

                case JsonTypeInfoKind.Dictionary when info.CreateObject is not null && typeof(IDictionary).IsAssignableFrom(info.Type) && IsImmutable(info.KeyType!):
                    node._kind = NodeKind.Dictionary;
                    node._create = info.CreateObject;
                    node._element = Build(info.Options.GetTypeInfo(info.ElementType!), built);
                    return node._element is null ? null : node;

                default:
                    return null;
            }
        }

        private static bool IsImmutable(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateTime)
                || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(JsonElement);
        }
    }

    private sealed record Member(Func<object, object?> Get, Action<object, object?> Set, Node Node);
}
