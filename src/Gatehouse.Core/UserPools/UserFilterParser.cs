using System.Text;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Parses the Filter of ListUsers: <c>name = "value"</c> (exact) or <c>name ^= "value"</c> (starts with). Spaces around
/// the operator are optional, the value must be quoted, and a backslash inside the quotes takes the next character
/// literally. Only <see cref="UserKeys.Indexed"/> attributes can be searched.
/// </summary>
public static class UserFilterParser
{
    /// <summary>The filter, or null when it is empty and every user is listed.</summary>
    public static UserFilter? Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var text = filter.AsSpan().Trim();
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('=' or '^' or '"'))
        {
            end++;
        }

        var name = text[..end].ToString();
        var rest = text[end..].TrimStart();
        var prefix = rest.StartsWith("^=", StringComparison.Ordinal);
        if (name.Length == 0 || !(prefix || rest.StartsWith("=", StringComparison.Ordinal)))
        {
            throw ParseError();
        }

        var value = ReadQuoted(rest[(prefix ? 2 : 1)..].TrimStart());
        if (!UserKeys.Indexed.Contains(name))
        {
            throw CognitoException.InvalidParameter($"Invalid search attribute: {name}");
        }

        // AWS documents cognito:user_status as the one case-insensitive value; statuses are stored upper-case.
        return new UserFilter(name, name == "cognito:user_status" ? value.ToUpperInvariant() : value, prefix);
    }

    private static string ReadQuoted(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] != '"')
        {
            throw ParseError();
        }

        var value = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                // Nothing may follow the closing quote: the outer Trim already took trailing spaces.
                return i == text.Length - 1 ? value.ToString() : throw ParseError();
            }

            if (c == '\\')
            {
                if (++i == text.Length)
                {
                    break;
                }

                c = text[i];
            }

            value.Append(c);
        }

        throw ParseError();
    }

    private static CognitoException ParseError() => CognitoException.InvalidParameter("Error while parsing filter.");
}
