using System.Text.RegularExpressions;

namespace Gatehouse.Server.CognitoApi;

/// <summary>
/// AWS's model patterns for the identifiers requests carry. Anchored with \z, not $, which would let a trailing
/// newline through.
/// </summary>
internal static partial class Patterns
{
    [GeneratedRegex(@"^[\w-]+_[0-9a-zA-Z]+\z")]
    public static partial Regex PoolId();

    [GeneratedRegex(@"^[\w+]+\z")]
    public static partial Regex ClientId();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+\z")]
    public static partial Regex Username();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+\z")]
    public static partial Regex AttributeName();

    [GeneratedRegex(@"^[\S]+\z")]
    public static partial Regex Code();

    [GeneratedRegex(@"^[\S]+.*[\S]+\z", RegexOptions.Singleline)]
    public static partial Regex Password();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+\z")]
    public static partial Regex GroupName();

    /// <summary>AWS's ArnType, as group role ARNs use it.</summary>
    [GeneratedRegex(@"^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?\z")]
    public static partial Regex Arn();

    /// <summary>AWS's PaginationKey, the NextToken of the group listings.</summary>
    [GeneratedRegex(@"^[\S]+\z")]
    public static partial Regex PaginationKey();

    [GeneratedRegex(@"^[\x21\x23-\x5B\x5D-\x7E]+\z")]
    public static partial Regex ResourceServerIdentifier();

    [GeneratedRegex(@"^[\w\s+=,.@-]+\z")]
    public static partial Regex ResourceServerName();

    [GeneratedRegex(@"^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+\z")]
    public static partial Regex ScopeName();

    /// <summary>AWS's DomainType: a prefix of lowercase letters, digits and inner hyphens.</summary>
    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\z")]
    public static partial Regex Domain();
}
