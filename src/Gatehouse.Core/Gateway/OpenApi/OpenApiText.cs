using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Core.Gateway.OpenApi;

/// <summary>
/// An OpenAPI document as text: JSON or YAML in (to one <see cref="JsonObject"/> tree, whichever it was), JSON or
/// YAML out. YAML is read through YamlDotNet's representation model, so no reflection is involved.
/// </summary>
public static partial class OpenApiText
{
    /// <summary>AWS's answer to a body that is not an OpenAPI document at all.</summary>
    public const string InvalidInput = "Invalid OpenAPI input.";

    // Aliases can make a small YAML file expand to a huge tree; AWS caps the file at 6 MB, this caps the tree.
    private const int MaxNodes = 1_000_000;
    private const int MaxDepth = 256;

    /// <summary>Parses a JSON or YAML document whose root is a mapping; anything else is AWS's <see cref="InvalidInput"/>.</summary>
    public static JsonObject Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw ApiGatewayException.BadRequest(InvalidInput);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw ApiGatewayException.BadRequest(InvalidInput);
        }

        try
        {
            var node = text.TrimStart().StartsWith('{')
                ? JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth })
                : FromYaml(text);
            if (node is not JsonObject root)
            {
                throw ApiGatewayException.BadRequest(InvalidInput);
            }

            // JsonObject reports duplicate keys lazily; touch every object now so they fail here.
            Touch(root, 0);
            return root;
        }
        catch (Exception e) when (e is JsonException or YamlException or ArgumentException or InvalidOperationException or InvalidDataException)
        {
            throw ApiGatewayException.BadRequest(InvalidInput);
        }
    }

    /// <summary>The document as indented JSON, escaping only what JSON requires (templates keep their quotes readable).</summary>
    public static byte[] ToJson(JsonNode document)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The document as YAML: strings that would read back as another type are quoted.</summary>
    public static byte[] ToYaml(JsonNode document)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, document);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return Encoding.UTF8.GetBytes(writer.ToString());
    }

    private static void Touch(JsonNode? node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("Too deep.");
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Touch(child, depth + 1);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Touch(child, depth + 1);
                }

                break;
        }
    }

    private static JsonNode? FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count != 1)
        {
            throw new InvalidDataException("Expected one YAML document.");
        }

        var count = 0;
        return Convert(stream.Documents[0].RootNode, 0, ref count);
    }

    private static JsonNode? Convert(YamlNode node, int depth, ref int count)
    {
        if (++count > MaxNodes || depth > MaxDepth)
        {
            throw new InvalidDataException("The YAML document is too large.");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var o = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InvalidDataException("Mapping keys must be scalars.");
                    }

                    o.Add(name, Convert(value, depth + 1, ref count));
                }

                return o;
            case YamlSequenceNode sequence:
                var a = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    a.Add(Convert(item, depth + 1, ref count));
                }

                return a;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InvalidDataException("Unsupported YAML node.");
        }
    }

    // YAML 1.2 core schema for plain scalars; quoted scalars are always strings.
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => JsonValue.Create(d),
            _ => JsonValue.Create(value),
        };
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in o)
                {
                    emitter.Emit(StringScalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray a:
                emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Any));
                foreach (var item in a)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                emitter.Emit(StringScalar(v.GetValue<string>()));
                break;
            case JsonValue v:
                emitter.Emit(new Scalar(null, null, v.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static Scalar StringScalar(string value)
    {
        var ambiguous = value.Length == 0 || Scalar(new YamlScalarNode(value) { Style = ScalarStyle.Plain }) is not JsonValue s || s.GetValueKind() != JsonValueKind.String;
        return new Scalar(null, null, value, ambiguous ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, true, true);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
