namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// Where a token authorizer finds its token: one header or query parameter, named as REST APIs write it
/// (<c>method.request.header.Authorization</c>) or as HTTP APIs do (<c>$request.header.Authorization</c>).
/// </summary>
public sealed class IdentitySource
{
    private IdentitySource(bool header, string name)
    {
        IsHeader = header;
        Name = name;
    }

    /// <summary>The header (or query parameter) name.</summary>
    public string Name { get; }

    /// <summary>True for a header, false for a query string parameter.</summary>
    public bool IsHeader { get; }

    /// <summary>The <c>Authorization</c> header, the default of both consoles.</summary>
    public static IdentitySource AuthorizationHeader { get; } = new(header: true, "Authorization");

    /// <summary>Parses a REST or HTTP API identity source expression; throws <see cref="ArgumentException"/> for any other form.</summary>
    public static IdentitySource Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var trimmed = expression.Trim();
        foreach (var (prefix, header) in Prefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.Ordinal) && trimmed.Length > prefix.Length)
            {
                return new IdentitySource(header, trimmed[prefix.Length..]);
            }
        }

        throw new ArgumentException($"Unsupported identity source '{expression}': expected method.request.header.<name> or $request.header.<name>.", nameof(expression));
    }

    private static readonly (string Prefix, bool Header)[] Prefixes =
    [
        ("method.request.header.", true),
        ("method.request.querystring.", false),
        ("$request.header.", true),
        ("$request.querystring.", false),
    ];

    /// <summary>
    /// The token in <paramref name="request"/>: the value itself, or what follows <c>Bearer </c>. False when the source is
    /// missing or empty.
    /// </summary>
    public bool TryRead(GatewayRequest request, out TokenText token)
    {
        var values = IsHeader ? request.Headers : request.Query;
        if (!values.TryGetValue(Name, out var value) || string.IsNullOrWhiteSpace(value))
        {
            token = default;
            return false;
        }

        var span = value.AsSpan();
        var start = 0;
        while (start < span.Length && span[start] == ' ')
        {
            start++;
        }

        if (span[start..].StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            start += "Bearer ".Length;
            while (start < span.Length && span[start] == ' ')
            {
                start++;
            }
        }

        var end = span.Length;
        while (end > start && span[end - 1] == ' ')
        {
            end--;
        }

        token = new TokenText(value, start, end - start);
        return token.Length > 0;
    }
}

/// <summary>A token inside a header or query value, without copying it out.</summary>
public readonly record struct TokenText(string Source, int Start, int Length)
{
    public ReadOnlySpan<char> Span => Source.AsSpan(Start, Length);

    public override string ToString() => Start == 0 && Length == Source.Length ? Source : Source.Substring(Start, Length);
}
