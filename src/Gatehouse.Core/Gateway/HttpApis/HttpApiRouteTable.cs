namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>A matched route and its path parameters (<c>{userId}</c> -> <c>42</c>; <c>{proxy+}</c> -> the rest of the path).</summary>
public readonly record struct HttpRouteMatch(HttpRoute Route, IReadOnlyDictionary<string, string> PathParameters);

/// <summary>
/// The routes of one deployment, ordered for AWS's HTTP API matching: the most specific path wins, segment by segment
/// (a literal before <c>{param}</c> before <c>{proxy+}</c>); for the same path an exact method wins over ANY;
/// <c>$default</c> takes whatever nothing else matches. Build once per deployment; <see cref="Match"/> is
/// thread-safe and allocates only the path parameters of the route it returns.
/// </summary>
public sealed class HttpApiRouteTable
{
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private readonly CompiledRoute[] _routes;
    private readonly HttpRoute? _default;

    public HttpApiRouteTable(IEnumerable<HttpRoute> routes)
    {
        var compiled = new List<CompiledRoute>();
        foreach (var route in routes)
        {
            if (route.RouteKey == HttpRoutes.DefaultRouteKey)
            {
                _default = route;
            }
            else if (route.RouteKey is { } key && HttpRoutes.RouteKeyError(key) is null)
            {
                compiled.Add(CompiledRoute.Parse(route));
            }
        }

        compiled.Sort(CompiledRoute.Compare);
        _routes = [.. compiled];
    }

    /// <summary>The table of a deployment's routes.</summary>
    public static HttpApiRouteTable For(HttpApiDeploymentSnapshot snapshot) => new(snapshot.Routes);

    /// <summary>
    /// The route serving <paramref name="method"/> on <paramref name="path"/> (the path after the stage, starting with
    /// <c>/</c>, compared as given and case-sensitively), or null: the gateway answers 404 <c>{"message":"Not Found"}</c>.
    /// </summary>
    public HttpRouteMatch? Match(string method, string path)
    {
        var span = path.AsSpan();
        if (span.Length > 0 && span[0] == '/')
        {
            span = span[1..];
        }

        foreach (var route in _routes)
        {
            if ((route.Any || string.Equals(route.Method, method, StringComparison.Ordinal)) && route.Matches(span))
            {
                return new HttpRouteMatch(route.Route, route.HasParameters ? route.Parameters(span) : NoParameters);
            }
        }

        return _default is null ? null : new HttpRouteMatch(_default, NoParameters);
    }

    private enum SegmentKind
    {
        Literal = 0,
        Parameter = 1,
        Greedy = 2,
    }

    private readonly record struct Segment(SegmentKind Kind, string Text);

    private sealed class CompiledRoute
    {
        private readonly Segment[] _segments;

        private CompiledRoute(HttpRoute route, string method, Segment[] segments)
        {
            Route = route;
            Method = method;
            Any = method == "ANY";
            _segments = segments;
            HasParameters = segments.Any(s => s.Kind != SegmentKind.Literal);
        }

        public HttpRoute Route { get; }

        public string Method { get; }

        public bool Any { get; }

        public bool HasParameters { get; }

        public static CompiledRoute Parse(HttpRoute route)
        {
            var key = route.RouteKey!;
            var space = key.IndexOf(' ', StringComparison.Ordinal);
            var path = key[(space + 2)..];
            var segments = path.Length == 0
                ? []
                : path.Split('/').Select(s => s[0] != '{' ? new Segment(SegmentKind.Literal, s)
                    : s.EndsWith("+}", StringComparison.Ordinal) ? new Segment(SegmentKind.Greedy, s[1..^2])
                    : new Segment(SegmentKind.Parameter, s[1..^1])).ToArray();
            return new CompiledRoute(route, key[..space], segments);
        }

        /// <summary>More specific first: segment by segment, then an exact method before ANY.</summary>
        public static int Compare(CompiledRoute a, CompiledRoute b)
        {
            for (var i = 0; i < Math.Min(a._segments.Length, b._segments.Length); i++)
            {
                var kind = a._segments[i].Kind.CompareTo(b._segments[i].Kind);
                if (kind != 0)
                {
                    return kind;
                }
            }

            // Same shape as far as both go: the longer is more specific (a greedy tail never ties with more segments).
            var length = b._segments.Length.CompareTo(a._segments.Length);
            return length != 0 ? length : a.Any.CompareTo(b.Any);
        }

        /// <summary>Whether the path (without its leading <c>/</c>) matches, without allocating.</summary>
        public bool Matches(ReadOnlySpan<char> path)
        {
            if (_segments.Length == 0)
            {
                return path.IsEmpty;
            }

            var rest = path;
            for (var i = 0; i < _segments.Length; i++)
            {
                var segment = _segments[i];
                if (segment.Kind == SegmentKind.Greedy)
                {
                    return !rest.IsEmpty;
                }

                if (rest.IsEmpty && i > 0)
                {
                    return false;
                }

                var slash = rest.IndexOf('/');
                var part = slash < 0 ? rest : rest[..slash];
                if (segment.Kind == SegmentKind.Literal ? !part.SequenceEqual(segment.Text) : part.IsEmpty)
                {
                    return false;
                }

                var last = i == _segments.Length - 1;
                if (last)
                {
                    return slash < 0;
                }

                if (slash < 0)
                {
                    return false;
                }

                rest = rest[(slash + 1)..];
            }

            return false;
        }

        public Dictionary<string, string> Parameters(ReadOnlySpan<char> path)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var rest = path;
            foreach (var segment in _segments)
            {
                if (segment.Kind == SegmentKind.Greedy)
                {
                    parameters[segment.Text] = rest.ToString();
                    break;
                }

                var slash = rest.IndexOf('/');
                var part = slash < 0 ? rest : rest[..slash];
                if (segment.Kind == SegmentKind.Parameter)
                {
                    parameters[segment.Text] = part.ToString();
                }

                rest = slash < 0 ? [] : rest[(slash + 1)..];
            }

            return parameters;
        }
    }
}
