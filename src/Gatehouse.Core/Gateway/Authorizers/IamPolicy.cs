using System.Text.Json;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>What an IAM policy says about one action on one resource.</summary>
public enum PolicyDecision
{
    /// <summary>A statement allows it and none denies it.</summary>
    Allow,

    /// <summary>A statement denies it: a Deny always wins over any Allow.</summary>
    ExplicitDeny,

    /// <summary>No statement mentions it: IAM denies by default.</summary>
    ImplicitDeny,
}

/// <summary>
/// The <c>policyDocument</c> of a Lambda authorizer's answer, evaluated as IAM evaluates it for
/// <c>execute-api:Invoke</c>:
/// <list type="bullet">
/// <item><c>Statement</c> is one statement or an array of them; <c>Action</c>/<c>NotAction</c> and
/// <c>Resource</c>/<c>NotResource</c> are a string or an array of strings;</item>
/// <item><c>*</c> matches any run of characters (slashes and colons included) and <c>?</c> any one character; actions
/// compare case-insensitively, resources case-sensitively;</item>
/// <item>an explicit Deny wins; without a matching Allow the answer is an implicit deny.</item>
/// </list>
/// Parsed once and kept with a cached authorizer result, so each request's method ARN is evaluated afresh against it.
/// </summary>
public sealed class IamPolicy
{
    /// <summary>The action API Gateway checks for a Lambda authorizer's policy.</summary>
    public const string InvokeAction = "execute-api:Invoke";

    private readonly Statement[] _statements;

    private IamPolicy(Statement[] statements) => _statements = statements;

    /// <summary>Reads a policy document; throws <see cref="FormatException"/> for one API Gateway could not parse.</summary>
    public static IamPolicy Parse(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("policyDocument is not an object.");
        }

        if (!document.TryGetProperty("Statement", out var statement))
        {
            throw new FormatException("policyDocument has no Statement.");
        }

        var statements = statement.ValueKind switch
        {
            JsonValueKind.Object => [ParseStatement(statement)],
            JsonValueKind.Array => statement.EnumerateArray().Select(ParseStatement).ToArray(),
            _ => throw new FormatException("Statement is neither an object nor an array."),
        };
        return new IamPolicy(statements);
    }

    /// <summary>The decision for <paramref name="action"/> on <paramref name="resource"/> (a method or route ARN).</summary>
    public PolicyDecision Evaluate(string resource, string action = InvokeAction)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(action);
        var allowed = false;
        foreach (var statement in _statements)
        {
            if (!statement.Applies(action, resource))
            {
                continue;
            }

            if (!statement.Allow)
            {
                return PolicyDecision.ExplicitDeny;
            }

            allowed = true;
        }

        return allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
    }

    /// <summary>
    /// IAM's wildcard match of the whole <paramref name="value"/>: <c>*</c> is any run of characters, <c>?</c> any one.
    /// </summary>
    public static bool WildcardMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value, bool ignoreCase)
    {
        // Greedy matching with backtracking to the last star: linear in practice, never exponential.
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    private static Statement ParseStatement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A Statement entry is not an object.");
        }

        var allow = element.TryGetProperty("Effect", out var effect) && effect.ValueKind == JsonValueKind.String
            ? effect.GetString() switch
            {
                "Allow" => true,
                "Deny" => false,
                var other => throw new FormatException($"Effect '{other}' is neither Allow nor Deny."),
            }
            : throw new FormatException("A Statement has no Effect.");

        var (actions, notAction) = Patterns(element, "Action", "NotAction");
        var (resources, notResource) = Patterns(element, "Resource", "NotResource");
        return new Statement(allow, actions, notAction, resources, notResource);
    }

    private static (string[] Patterns, bool Not) Patterns(JsonElement statement, string name, string notName)
    {
        var has = statement.TryGetProperty(name, out var value);
        var hasNot = statement.TryGetProperty(notName, out var notValue);
        if (has == hasNot)
        {
            throw new FormatException($"A Statement needs exactly one of {name} and {notName}.");
        }

        var element = has ? value : notValue;
        string[] patterns = element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Array => element.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException($"{name} holds a non-string."))
                .ToArray(),
            _ => throw new FormatException($"{name} is neither a string nor an array."),
        };
        return (patterns, hasNot);
    }

    private sealed record Statement(bool Allow, string[] Actions, bool NotAction, string[] Resources, bool NotResource)
    {
        public bool Applies(string action, string resource) =>
            AnyMatch(Actions, action, ignoreCase: true) != NotAction && AnyMatch(Resources, resource, ignoreCase: false) != NotResource;

        private static bool AnyMatch(string[] patterns, string value, bool ignoreCase)
        {
            foreach (var pattern in patterns)
            {
                if (WildcardMatch(pattern, value, ignoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
