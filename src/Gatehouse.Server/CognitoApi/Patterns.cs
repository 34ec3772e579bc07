using System.Text.RegularExpressions;

namespace Gatehouse.Server.CognitoApi;

/// <summary>AWS's model patterns for the identifiers requests carry.</summary>
internal static partial class Patterns
{
    [GeneratedRegex(@"^[\w-]+_[0-9a-zA-Z]+$")]
    public static partial Regex PoolId();

    [GeneratedRegex(@"^[\w+]+$")]
    public static partial Regex ClientId();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$")]
    public static partial Regex Username();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$")]
    public static partial Regex AttributeName();

    [GeneratedRegex(@"^[\S]+$")]
    public static partial Regex Code();

    [GeneratedRegex(@"^[\S]+.*[\S]+$", RegexOptions.Singleline)]
    public static partial Regex Password();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+$")]
    public static partial Regex GroupName();
}
