using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>An OpenAPI document's text, JSON or YAML, to and from a <see cref="JsonNode"/> tree.</summary>
public static class OpenApiText
{
    private const int MaxDepth = 64;
    private const int MaxNodes = 100_000;

    /// <summary>Parses JSON (a body starting with <c>{</c>) or YAML; null when the text is neither.</summary>
    public static JsonObject? Parse(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                var node = JsonNode.Parse(trimmed, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }) as JsonObject;
                Materialize(node);
                return node;
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
            {
                return null;
            }
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var budget = MaxNodes;
            return stream.Documents.Count == 1 ? ToJson(stream.Documents[0].RootNode, 0, ref budget) as JsonObject : null;
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            // Malformed YAML, a duplicate or complex key, an alias cycle or an alias bomb.
            return null;
        }
    }

    // A JsonObject reads its members lazily; a duplicate key must fail here, not in the middle of an import.
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Materialize(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Materialize(item);
                }

                break;
        }
    }

    public static string ToJson(JsonNode document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string ToYaml(JsonNode document)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, document);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(Emitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                // Quote strings YAML would read as something else (numbers, booleans, null, "1.0").
                var plain = !NeedsQuotes(text);
                emitter.Emit(new Scalar(null, null, text, plain ? ScalarStyle.Any : ScalarStyle.DoubleQuoted, plain, !plain));
                break;
            case JsonValue value:
                emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static bool NeedsQuotes(string text) =>
        text.Length == 0
        || Typed(text) is not JsonValue { } typed
        || typed.GetValueKind() != JsonValueKind.String
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static JsonNode? ToJson(YamlNode node, int depth, ref int budget)
    {
        // Aliases may form cycles or multiply a small document into a huge one.
        if (depth > MaxDepth || --budget < 0)
        {
            throw new InvalidOperationException("The YAML document is too deep or too large.");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : throw new InvalidOperationException("Only scalar keys are supported.");
                    obj.Add(name, ToJson(value, depth + 1, ref budget));
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, depth + 1, ref budget));
                }

                return array;
            case YamlScalarNode scalar when scalar.Style is ScalarStyle.Plain:
                return Typed(scalar.Value ?? "");
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value ?? "");
            default:
                return null;
        }
    }

    // YAML 1.2's core schema for plain scalars, except that decimals stay text: "payloadFormatVersion: 1.0" means "1.0".
    private static JsonNode? Typed(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        _ => JsonValue.Create(text),
    };

    /// <summary>A UTF-8 body.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
