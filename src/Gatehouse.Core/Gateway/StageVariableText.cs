namespace Gatehouse.Core.Gateway;

/// <summary>
/// <c>${stageVariables.name}</c> in an authorizer's provider ARN or function URI, replaced by the stage's value.
/// </summary>
internal static class StageVariableText
{
    /// <summary>What every reference starts with.</summary>
    public const string Prefix = "${stageVariables.";

    /// <summary>The text with every reference replaced, or null when one names a variable the stage lacks.</summary>
    public static string? Substitute(string text, IReadOnlyDictionary<string, string> stageVariables)
    {
        var start = text.IndexOf(Prefix, StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = text.IndexOf('}', start);
            if (end < 0 || !stageVariables.TryGetValue(text[(start + Prefix.Length)..end], out var value))
            {
                return null;
            }

            text = string.Concat(text.AsSpan(0, start), value, text.AsSpan(end + 1));
            start = text.IndexOf(Prefix, start + value.Length, StringComparison.Ordinal);
        }

        return text;
    }
}
