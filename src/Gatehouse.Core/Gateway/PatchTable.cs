using System.Globalization;

namespace Gatehouse.Core.Gateway;

/// <summary>AWS's <c>PatchOperation</c>: one JSON-Pointer edit of an update call.</summary>
public sealed class PatchOperation
{
    public string? Op { get; set; }
    public string? Path { get; set; }
    public string? Value { get; set; }
    public string? From { get; set; }
}

/// <summary>The body of every <c>Update*</c> call.</summary>
public sealed class PatchRequest
{
    public List<PatchOperation>? PatchOperations { get; set; }
}

internal enum PatchVerb
{
    Add,
    Remove,
    Replace,
    Move,
    Copy,
    Test,
}

/// <summary>How one resource type words its patch errors; AWS is not uniform across types.</summary>
internal interface IPatchErrors
{
    Exception UnknownPath(string? path, string op);

    Exception UnsupportedOp(string path, string op, IReadOnlyList<PatchVerb> allowed);
}

/// <summary>The wording of most types: <c>Invalid patch path /x</c>, <c>Invalid patch operation specified. Must be one of: [replace]</c>.</summary>
internal sealed class DefaultPatchErrors : IPatchErrors
{
    public static readonly DefaultPatchErrors Instance = new();

    public Exception UnknownPath(string? path, string op) => ApiGatewayException.InvalidPatchPath(path);

    public Exception UnsupportedOp(string path, string op, IReadOnlyList<PatchVerb> allowed) =>
        ApiGatewayException.BadRequest($"Invalid patch operation specified. Must be one of: [{PatchTable.Names(allowed)}]");
}

/// <summary>Parsing and decoding shared by every patchable type.</summary>
internal static class PatchTable
{
    private const string Verbs = "add, remove, move, test, replace, copy";

    /// <summary>Checks every <c>op</c> against AWS's enum first, as AWS does, reporting all the bad ones at once.</summary>
    public static List<(PatchVerb Verb, PatchOperation Op)> Parse(IReadOnlyList<PatchOperation>? operations, string inputName, List<string>? moreErrors = null)
    {
        var parsed = new List<(PatchVerb, PatchOperation)>();
        var errors = new List<string>();
        for (var i = 0; i < (operations?.Count ?? 0); i++)
        {
            var op = operations![i];
            if (op is null)
            {
                errors.Add($"Value null at '{inputName}.patchOperations.{i + 1}.member' failed to satisfy constraint: Member must not be null");
            }
            else if (Verb(op.Op) is { } verb)
            {
                parsed.Add((verb, op));
            }
            else
            {
                errors.Add(ApiGatewayException.EnumClause(op.Op, $"{inputName}.patchOperations.{i + 1}.member.op", Verbs));
            }
        }

        errors.AddRange(moreErrors ?? []);
        return errors.Count > 0 ? throw ApiGatewayException.Validation(errors) : parsed;
    }

    public static PatchVerb? Verb(string? op) => op switch
    {
        "add" => PatchVerb.Add,
        "remove" => PatchVerb.Remove,
        "replace" => PatchVerb.Replace,
        "move" => PatchVerb.Move,
        "copy" => PatchVerb.Copy,
        "test" => PatchVerb.Test,
        _ => null,
    };

    public static string Name(PatchVerb verb) => verb.ToString().ToLowerInvariant();

    public static string Names(IEnumerable<PatchVerb> verbs) => string.Join(", ", verbs.Select(Name));

    /// <summary>JSON Pointer unescaping: <c>~1</c> is <c>/</c> and <c>~0</c> is <c>~</c>.</summary>
    public static string Decode(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    public static bool Bool(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    public static int Int(string? value, string what) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw ApiGatewayException.BadRequest($"Invalid {what} specified: {value ?? "null"}");

    public static double Double(string? value, string what) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? n
            : throw ApiGatewayException.BadRequest($"Invalid {what} specified: {value ?? "null"}");
}

/// <summary>
/// The patchable paths of one type and what each op does to them. A path is either a property (<c>/name</c>) or an
/// entry of a map or list (<c>/variables/{key}</c>, the key JSON-Pointer decoded). <c>copy</c> and <c>move</c> work
/// wherever the target takes <c>replace</c> or <c>add</c> and the source can be read.
/// </summary>
internal sealed class PatchTable<T>
{
    private readonly List<Rule> _rules = [];
    private readonly IPatchErrors _errors;

    public PatchTable(IPatchErrors? errors = null) => _errors = errors ?? DefaultPatchErrors.Instance;

    /// <summary>A property at exactly <paramref name="path"/>.</summary>
    public PatchTable<T> Property(string path, PatchVerb[] verbs, Action<T, PatchVerb, string?> apply, Func<T, string?>? read = null)
    {
        _rules.Add(new Rule(path, Keyed.No, verbs, (t, v, _, value) => apply(t, v, value), read is null ? null : (t, _) => read(t)));
        return this;
    }

    /// <summary>An entry at <c>{prefix}/{key}</c>; with <paramref name="rest"/> the key may span several segments.</summary>
    public PatchTable<T> Entry(string prefix, PatchVerb[] verbs, Action<T, PatchVerb, string, string?> apply, Func<T, string, string?>? read = null, bool rest = false)
    {
        _rules.Add(new Rule(prefix, rest ? Keyed.Rest : Keyed.OneSegment, verbs, (t, v, k, value) => apply(t, v, k!, value), read is null ? null : (t, k) => read(t, k!)));
        return this;
    }

    /// <summary>All supported property paths, in table order, for error messages that list them.</summary>
    public IEnumerable<string> Paths => _rules.Select(r => r.Keyed == Keyed.No ? r.Path : r.Path + "/{key}");

    /// <summary>Whether a rule of this table takes <paramref name="path"/>.</summary>
    public bool Handles(string? path) => Find(path, out _, out _);

    public void Apply(T target, IReadOnlyList<PatchOperation>? operations, string inputName, List<string>? moreErrors = null)
    {
        foreach (var (verb, op) in PatchTable.Parse(operations, inputName, moreErrors))
        {
            Apply(target, verb, op);
        }
    }

    public void Apply(T target, PatchVerb verb, PatchOperation op)
    {
        var opName = PatchTable.Name(verb);
        if (!Find(op.Path, out var rule, out var key))
        {
            throw _errors.UnknownPath(op.Path, opName);
        }

        if (verb is PatchVerb.Copy or PatchVerb.Move)
        {
            var into = rule.Verbs.Contains(PatchVerb.Replace) ? PatchVerb.Replace : PatchVerb.Add;
            if (!rule.Verbs.Contains(into) || !Find(op.From, out var source, out var sourceKey) || source.Read is null)
            {
                throw op.From is null || Find(op.From, out _, out _) ? _errors.UnsupportedOp(op.Path!, opName, rule.Verbs) : _errors.UnknownPath(op.From, opName);
            }

            var value = source.Read(target, sourceKey);
            rule.Apply(target, into, key, value);
            if (verb == PatchVerb.Move && source.Verbs.Contains(PatchVerb.Remove))
            {
                source.Apply(target, PatchVerb.Remove, sourceKey, null);
            }

            return;
        }

        if (!rule.Verbs.Contains(verb))
        {
            throw _errors.UnsupportedOp(op.Path!, opName, rule.Verbs);
        }

        rule.Apply(target, verb, key, op.Value);
    }

    private bool Find(string? path, out Rule rule, out string? key)
    {
        key = null;
        rule = null!;
        if (path is null)
        {
            return false;
        }

        foreach (var candidate in _rules)
        {
            if (candidate.Keyed == Keyed.No)
            {
                if (path == candidate.Path)
                {
                    rule = candidate;
                    return true;
                }

                continue;
            }

            var prefix = candidate.Path + "/";
            if (!path.StartsWith(prefix, StringComparison.Ordinal) || path.Length == prefix.Length)
            {
                continue;
            }

            var rest = path[prefix.Length..];
            if (candidate.Keyed == Keyed.OneSegment && rest.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            rule = candidate;
            key = candidate.Keyed == Keyed.Rest ? string.Join('/', rest.Split('/').Select(PatchTable.Decode)) : PatchTable.Decode(rest);
            return true;
        }

        return false;
    }

    private enum Keyed
    {
        No,
        OneSegment,
        Rest,
    }

    private sealed record Rule(string Path, Keyed Keyed, PatchVerb[] Verbs, Action<T, PatchVerb, string?, string?> Apply, Func<T, string?, string?>? Read);
}
