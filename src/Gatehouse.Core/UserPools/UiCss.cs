using System.Collections.Frozen;
using System.Text;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Cognito's rules for a classic hosted UI stylesheet: rules whose selectors are the documented customizable classes,
/// no at-rules (<c>@import</c>, <c>@media</c>, ...) and no script. The hosted pages put the stylesheet inside a
/// <c>&lt;style&gt;</c> element, so it is also held to what keeps that element closed: no <c>&lt;</c> at all
/// (Cognito would allow HTML in values), no nested rules that could reach other elements, no escapes outside strings.
/// </summary>
public static class UiCss
{
    /// <summary>The selectors Cognito lets a stylesheet style (developer guide, "hosted UI (classic) branding").</summary>
    public static readonly FrozenSet<string> Selectors = FrozenSet.ToFrozenSet(
    [
        ".background-customizable",
        ".banner-customizable",
        ".errorMessage-customizable",
        ".idpButton-customizable",
        ".idpButton-customizable:hover",
        ".idpDescription-customizable",
        ".inputField-customizable",
        ".inputField-customizable:focus",
        ".label-customizable",
        ".legalText-customizable",
        ".logo-customizable",
        ".passwordCheck-notValid-customizable",
        ".passwordCheck-valid-customizable",
        ".redirect-customizable",
        ".socialButton-customizable",
        ".submitButton-customizable",
        ".submitButton-customizable:hover",
        ".textDescription-customizable",
    ], StringComparer.Ordinal);

    // Old browsers ran script from these; nothing legitimate needs them.
    private static readonly string[] Scripting = ["expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:"];

    /// <summary>Throws Cognito's <c>InvalidParameterException</c> when the stylesheet breaks a rule.</summary>
    public static void Validate(string css)
    {
        if (Problem(css) is { } problem)
        {
            throw CognitoException.InvalidParameter(problem);
        }
    }

    /// <summary>Why the stylesheet is refused, or null when it is acceptable.</summary>
    public static string? Problem(string css)
    {
        if (css.Contains('<', StringComparison.Ordinal))
        {
            return "Invalid CSS: the character '<' is not allowed.";
        }

        if (css.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f')))
        {
            return "Invalid CSS: control characters are not allowed.";
        }

        foreach (var word in Scripting)
        {
            if (css.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return $"Invalid CSS: '{word}' is not allowed; the stylesheet cannot contain JavaScript.";
            }
        }

        return Structure(css);
    }

    // One pass over rules of the form "selector, selector { declarations }", skipping comments and quoted strings.
    private static string? Structure(string css)
    {
        var selector = new StringBuilder();
        var inBlock = false;
        for (var i = 0; i < css.Length; i++)
        {
            var c = css[i];
            if (c == '/' && i + 1 < css.Length && css[i + 1] == '*')
            {
                var end = css.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return "Invalid CSS: a comment is not closed.";
                }

                i = end + 1;
                continue;
            }

            if (c == '@')
            {
                return "Invalid CSS: at-rules such as @import, @supports, @page and @media are not allowed.";
            }

            if (!inBlock)
            {
                switch (c)
                {
                    case '{':
                        if (Selector(selector.ToString()) is { } problem)
                        {
                            return problem;
                        }

                        selector.Clear();
                        inBlock = true;
                        break;
                    case '}':
                        return "Invalid CSS: '}' without a matching '{'.";
                    case '"' or '\'' or '\\' or ';':
                        return $"Invalid CSS: unexpected '{c}' outside a rule.";
                    default:
                        selector.Append(c);
                        break;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    i = StringEnd(css, i);
                    if (i < 0)
                    {
                        return "Invalid CSS: a quoted string is not closed.";
                    }

                    break;
                case '\\':
                    return "Invalid CSS: escapes are allowed only inside quoted strings.";
                case '{':
                    return "Invalid CSS: nested rules are not allowed.";
                case '}':
                    inBlock = false;
                    break;
            }
        }

        if (inBlock)
        {
            return "Invalid CSS: a rule is not closed with '}'.";
        }

        return string.IsNullOrWhiteSpace(selector.ToString()) ? null : "Invalid CSS: a selector has no rule.";
    }

    private static string? Selector(string text)
    {
        foreach (var part in text.Split(','))
        {
            var selector = string.Join(' ', part.Split((char[])[' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));
            if (!Selectors.Contains(selector))
            {
                var shown = selector.Length <= 100 ? selector : selector[..100] + "...";
                return $"Invalid CSS: the selector '{shown}' is not allowed. Only these classes can be customized: {string.Join(", ", Selectors.Order(StringComparer.Ordinal))}.";
            }
        }

        return null;
    }

    // The index of the closing quote of the string opened at start, or -1. A newline ends a CSS string unclosed.
    private static int StringEnd(string css, int start)
    {
        var quote = css[start];
        for (var i = start + 1; i < css.Length; i++)
        {
            switch (css[i])
            {
                case '\\':
                    i++;
                    break;
                case '\n' or '\r' or '\f':
                    return -1;
                default:
                    if (css[i] == quote)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }
}
