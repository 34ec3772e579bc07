namespace Gatehouse.Core.Gateway.Invocation;

/// <summary>A resource and method a request matched, with the values of the path's <c>{param}</c>s.</summary>
/// <param name="Resource">The matched resource (its <see cref="Resource.Path"/> is <c>$context.resourcePath</c>).</param>
/// <param name="Method">The method: the request's verb, else the resource's <c>ANY</c>.</param>
/// <param name="PathParameters">
/// <c>{name}</c> to its segment; a greedy <c>{proxy+}</c> is keyed <c>proxy</c> and holds the rest of the path, slashes included.
/// </param>
public sealed record RestRouteMatch(Resource Resource, Method Method, IReadOnlyDictionary<string, string> PathParameters);

/// <summary>
/// A deployed REST API's resource tree as a trie, matched as API Gateway matches it: at each level a literal segment
/// before a <c>{param}</c> before a greedy <c>{proxy+}</c> (backtracking when a more specific branch dead-ends), then the
/// request's verb before <c>ANY</c>. Built once per deployment; matching is thread-safe and reads only.
/// </summary>
public sealed class RestRouteTable
{
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>(StringComparer.Ordinal);

    private readonly Node _root = new();

    public RestRouteTable(IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        foreach (var resource in resources)
        {
            if (resource.Path is null)
            {
                continue;
            }

            var node = _root;
            foreach (var segment in resource.Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                node = node.Child(segment);
            }

            node.Resource = resource;
        }
    }

    /// <summary>
    /// The method serving <paramref name="httpMethod"/> on <paramref name="path"/> (the path inside the stage, not
    /// decoded further), or null: REST APIs answer that with 403 <c>Missing Authentication Token</c>.
    /// </summary>
    public RestRouteMatch? Match(string httpMethod, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        List<KeyValuePair<string, string>>? captured = null;
        var node = Find(_root, segments, 0, httpMethod, ref captured);
        if (node is null)
        {
            return null;
        }

        var methods = node.Resource!.ResourceMethods!;
        var method = methods.TryGetValue(httpMethod, out var exact) ? exact : methods["ANY"];
        if (captured is null)
        {
            return new RestRouteMatch(node.Resource, method, NoParameters);
        }

        var parameters = new Dictionary<string, string>(captured.Count, StringComparer.Ordinal);
        foreach (var (name, value) in captured)
        {
            parameters[name] = Uri.UnescapeDataString(value);
        }

        return new RestRouteMatch(node.Resource, method, parameters);
    }

    private static Node? Find(Node node, string[] segments, int index, string httpMethod, ref List<KeyValuePair<string, string>>? captured)
    {
        if (index == segments.Length)
        {
            return node.Serves(httpMethod) ? node : null;
        }

        var segment = segments[index];
        if (node.Literals is not null && node.Literals.TryGetValue(segment, out var literal)
            && Find(literal, segments, index + 1, httpMethod, ref captured) is { } viaLiteral)
        {
            return viaLiteral;
        }

        if (node.Parameter is { } parameter)
        {
            captured ??= [];
            var mark = captured.Count;
            captured.Add(new(node.ParameterName!, segment));
            if (Find(parameter, segments, index + 1, httpMethod, ref captured) is { } viaParameter)
            {
                return viaParameter;
            }

            captured!.RemoveRange(mark, captured.Count - mark);
        }

        if (node.Greedy is { } greedy && greedy.Serves(httpMethod))
        {
            (captured ??= []).Add(new(node.GreedyName!, string.Join('/', segments, index, segments.Length - index)));
            return greedy;
        }

        return null;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Literals;
        public Node? Parameter;
        public string? ParameterName;
        public Node? Greedy;
        public string? GreedyName;
        public Resource? Resource;

        public bool Serves(string httpMethod) =>
            Resource?.ResourceMethods is { } methods && (methods.ContainsKey(httpMethod) || methods.ContainsKey("ANY"));

        public Node Child(string segment)
        {
            if (segment.Length > 2 && segment[0] == '{' && segment[^1] == '}')
            {
                if (segment[^2] == '+')
                {
                    GreedyName = segment[1..^2];
                    return Greedy ??= new Node();
                }

                ParameterName = segment[1..^1];
                return Parameter ??= new Node();
            }

            Literals ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!Literals.TryGetValue(segment, out var child))
            {
                Literals[segment] = child = new Node();
            }

            return child;
        }
    }
}
