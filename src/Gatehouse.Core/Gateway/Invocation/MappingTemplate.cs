using System.Text;
using System.Text.Json;

namespace Gatehouse.Core.Gateway.Invocation;

/// <summary>
/// Variable substitution in integration URIs and parameter mapping values (full request and response templates are
/// rendered by <see cref="VelocityTemplate"/>):
/// <c>$context.*</c> (including <c>$context.authorizer.claims.*</c>), <c>$stageVariables.*</c>, <c>$input.body</c>,
/// <c>$input.json('$…')</c>, <c>$input.path('$…')</c> and <c>$input.params('name')</c>, plain or as <c>${…}</c>. Directives
/// (<c>#set</c>, <c>#if</c>, ...) are not evaluated and pass through as text; a reference to nothing renders empty, as
/// Velocity's quiet references do.
/// </summary>
public static class MappingTemplate
{
    public static string Render(string template, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var output = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                output.Append(template, i, template.Length - i);
                break;
            }

            output.Append(template, i, dollar - i);
            if (TryReference(template, dollar, context, out var value, out var end))
            {
                output.Append(value);
                i = end;
            }
            else
            {
                output.Append('$');
                i = dollar + 1;
            }
        }

        return output.ToString();
    }

    private static bool TryReference(string text, int dollar, InvocationContext context, out string value, out int end)
    {
        value = "";
        var braced = dollar + 1 < text.Length && text[dollar + 1] == '{';
        var start = dollar + (braced ? 2 : 1);
        var position = start;
        var name = ReadDottedName(text, ref position);
        if (name.Length == 0)
        {
            end = dollar + 1;
            return false;
        }

        if (name.StartsWith("input.", StringComparison.Ordinal) || name == "input")
        {
            value = Input(text, name, ref position, context) ?? "";
        }
        else if (name.StartsWith("context.", StringComparison.Ordinal))
        {
            var variable = name["context.".Length..] + Indexer(text, ref position);
            value = context.Variable(variable) ?? "";
        }
        else if (name.StartsWith("stageVariables", StringComparison.Ordinal))
        {
            var key = name.Length > "stageVariables.".Length ? name["stageVariables.".Length..] : Indexer(text, ref position).TrimStart('.');
            value = context.StageVariables.GetValueOrDefault(key) ?? "";
        }
        else
        {
            end = dollar + 1;
            return false;
        }

        if (braced)
        {
            if (position < text.Length && text[position] == '}')
            {
                position++;
            }
            else
            {
                end = dollar + 1;
                return false;
            }
        }

        end = position;
        return true;
    }

    private static string? Input(string text, string name, ref int position, InvocationContext context)
    {
        switch (name)
        {
            case "input.body":
                return context.Body;
            case "input.json" or "input.path":
                var path = Argument(text, ref position);
                return path is null ? null : JsonPath(context.Body, path);
            case "input.params":
                var parameter = Argument(text, ref position);
                return parameter is null
                    ? null
                    : context.PathParameters.GetValueOrDefault(parameter) ?? context.Query.GetValueOrDefault(parameter) ?? context.Headers.GetValueOrDefault(parameter);
            default:
                return null;
        }
    }

    /// <summary><c>('x')</c> or <c>("x")</c> after a method name.</summary>
    private static string? Argument(string text, ref int position)
    {
        if (position + 3 > text.Length || text[position] != '(')
        {
            return null;
        }

        var quote = text[position + 1];
        if (quote is not ('\'' or '"'))
        {
            return null;
        }

        var close = text.IndexOf(quote, position + 2);
        if (close < 0 || close + 1 >= text.Length || text[close + 1] != ')')
        {
            return null;
        }

        var argument = text[(position + 2)..close];
        position = close + 2;
        return argument;
    }

    /// <summary><c>['name']</c> after a reference, as in <c>$context.authorizer.claims['cognito:groups']</c>, as <c>.name</c>.</summary>
    private static string Indexer(string text, ref int position)
    {
        if (position + 4 > text.Length || text[position] != '[' || text[position + 1] is not ('\'' or '"'))
        {
            return "";
        }

        var quote = text[position + 1];
        var close = text.IndexOf(quote, position + 2);
        if (close < 0 || close + 1 >= text.Length || text[close + 1] != ']')
        {
            return "";
        }

        var key = text[(position + 2)..close];
        position = close + 2;
        return "." + key;
    }

    private static string ReadDottedName(string text, ref int position)
    {
        var start = position;
        while (position < text.Length)
        {
            var c = text[position];
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                position++;
            }
            else if (c == '.' && position + 1 < text.Length && (char.IsAsciiLetter(text[position + 1]) || text[position + 1] == '_') && position > start)
            {
                position++;
            }
            else
            {
                break;
            }
        }

        return text[start..position];
    }

    /// <summary>A JSONPath of dotted names (<c>$</c>, <c>$.a.b</c>) into the body, rendered as JSON; <c>{}</c> for no body.</summary>
    private static string JsonPath(string body, string path)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "{}";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var element = document.RootElement;
            foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
                {
                    return "";
                }
            }

            return element.GetRawText();
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
