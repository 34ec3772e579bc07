using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Server.Config;

/// <summary>
/// A problem with the config file, already worded for the operator: <c>{file}:{line}: {yaml path}: {message}</c>.
/// </summary>
public sealed class ConfigException(string message) : Exception(message);

/// <summary>
/// Strict, typed reading of a YAML mapping: every getter records the key as known, <see cref="Done"/> refuses the
/// keys nobody asked for, and every error names the file, the line and the YAML path. Reads the node tree rather than
/// binding classes by reflection, so unknown keys and wrong types are reported exactly where they are.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    private YamlMap(YamlMappingNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
    }

    public string File { get; }

    /// <summary>The YAML path of this mapping, e.g. <c>userPools[0].clients[1]</c>.</summary>
    public string Path { get; }

    public int Line => (int)_node.Start.Line;

    /// <summary>The document's root mapping; an empty document is an empty mapping.</summary>
    public static YamlMap Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{file}:{e.Start.Line}: YAML syntax error: {Innermost(e).Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new YamlMap(new YamlMappingNode(), file, "");
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigException($"{file}:{stream.Documents[1].RootNode.Start.Line}: the file must hold one YAML document, not {stream.Documents.Count}");
        }

        return stream.Documents[0].RootNode is YamlMappingNode root
            ? new YamlMap(root, file, "")
            : throw new ConfigException($"{file}:{stream.Documents[0].RootNode.Start.Line}: the file must be a mapping (keys such as userPools: and apis:)");
    }

    public ConfigException Error(string message) => Error(_node, Path, message);

    public ConfigException Error(string key, string message) => Error(Find(key) ?? _node, Child(key), message);

    /// <summary>An error at a key's value, prefixed as Core's message would be by the caller's YAML path.</summary>
    public ConfigException ErrorAt(YamlNode node, string path, string message) => Error(node, path, message);

    public bool Has(string key)
    {
        _known.Add(key);
        return Find(key) is not null and not YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain };
    }

    public string? String(string key, bool required = false)
    {
        var node = Get(key, required);
        return node is null ? null : Scalar(node, Child(key), "a string");
    }

    public string Required(string key) => String(key, required: true)!;

    public int? Int(string key)
    {
        var node = Get(key, required: false);
        if (node is null)
        {
            return null;
        }

        var text = Scalar(node, Child(key), "an integer");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(node, Child(key), $"expected an integer, not '{text}'");
    }

    public bool? Bool(string key)
    {
        var node = Get(key, required: false);
        if (node is null)
        {
            return null;
        }

        return Scalar(node, Child(key), "true or false") switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            var text => throw Error(node, Child(key), $"expected true or false, not '{text}'"),
        };
    }

    /// <summary>A list of strings; a single string is accepted as a list of one.</summary>
    public List<string>? Strings(string key)
    {
        var node = Get(key, required: false);
        return node switch
        {
            null => null,
            YamlScalarNode => [Scalar(node, Child(key), "a list of strings")],
            YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => Scalar(item, $"{Child(key)}[{i}]", "a string"))],
            _ => throw Error(node, Child(key), "expected a list of strings, not a mapping"),
        };
    }

    /// <summary>A mapping of strings to strings (values such as <c>true</c> or <c>3</c> are read as their text).</summary>
    public Dictionary<string, string>? StringMap(string key)
    {
        if (Map(key) is not { } map)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in map.Entries())
        {
            result[name] = map.Scalar(value, map.Child(name), "a string");
        }

        return result;
    }

    public YamlMap? Map(string key, bool required = false)
    {
        var node = Get(key, required);
        return node switch
        {
            null => null,
            YamlMappingNode mapping => new YamlMap(mapping, File, Child(key)),
            _ => throw Error(node, Child(key), $"expected a mapping, not {Describe(node)}"),
        };
    }

    /// <summary>A list of mappings, each with its index in the path.</summary>
    public List<YamlMap> MapList(string key)
    {
        var node = Get(key, required: false);
        return node switch
        {
            null => [],
            YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => item is YamlMappingNode mapping
                ? new YamlMap(mapping, File, $"{Child(key)}[{i}]")
                : throw Error(item, $"{Child(key)}[{i}]", $"expected a mapping, not {Describe(item)}"))],
            _ => throw Error(node, Child(key), $"expected a list, not {Describe(node)}"),
        };
    }

    /// <summary>A list whose items are each either a plain value or a mapping (resource server scopes take both).</summary>
    public List<(string? Text, YamlMap? Map)> MixedList(string key)
    {
        var node = Get(key, required: false);
        return node switch
        {
            null => [],
            YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => item switch
            {
                YamlMappingNode mapping => ((string?)null, new YamlMap(mapping, File, $"{Child(key)}[{i}]")),
                YamlScalarNode { Value: { } text } => (text, (YamlMap?)null),
                _ => throw Error(item, $"{Child(key)}[{i}]", "expected a value or a mapping, not a list"),
            })],
            YamlScalarNode { Value: { } single } => [(single, null)],
            _ => throw Error(node, Child(key), $"expected a list, not {Describe(node)}"),
        };
    }

    /// <summary>A mapping whose keys are names (authorizers, stages, methods) and whose values are mappings.</summary>
    public List<(string Name, YamlMap Value)> NamedMaps(string key)
    {
        if (Map(key) is not { } map)
        {
            return [];
        }

        return [.. map.Entries().Select(entry => (entry.Key, entry.Value switch
        {
            YamlMappingNode mapping => new YamlMap(mapping, File, map.Child(entry.Key)),
            YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain } => new YamlMap(new YamlMappingNode(), File, map.Child(entry.Key)),
            var other => throw map.Error(other, map.Child(entry.Key), $"expected a mapping, not {Describe(other)}"),
        }))];
    }

    /// <summary>Refuses every key that no getter asked for.</summary>
    public void Done()
    {
        foreach (var (key, _) in Entries())
        {
            if (!_known.Contains(key))
            {
                throw UnknownKey(key);
            }
        }
    }

    public string Child(string key) => Path.Length == 0 ? key : key.Contains('.', StringComparison.Ordinal) || key.Contains(' ', StringComparison.Ordinal) ? $"{Path}[\"{key}\"]" : $"{Path}.{key}";

    private IEnumerable<(string Key, YamlNode Value)> Entries()
    {
        foreach (var (key, value) in _node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw Error(key, Path, "keys must be plain strings");
            }

            yield return (name, value);
        }
    }

    private YamlNode? Find(string key) =>
        _node.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: var name } && name == key).Value;

    private YamlNode? Get(string key, bool required)
    {
        _known.Add(key);
        var node = Find(key);
        if (node is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain })
        {
            node = null;
        }

        if (node is null && required)
        {
            // A misspelt required key is reported as the typo it is, not as the key it was meant to be.
            var typo = Entries().Select(e => e.Key).FirstOrDefault(k => !_known.Contains(k) && Distance(k, key) <= 2);
            throw typo is null ? Error(_node, Child(key), "is required") : UnknownKey(typo);
        }

        return node;
    }

    private ConfigException UnknownKey(string key)
    {
        var near = _known.Where(k => Distance(k, key) <= 2).Order(StringComparer.Ordinal).FirstOrDefault();
        var expected = string.Join(", ", _known.Order(StringComparer.Ordinal));
        return Error(Find(key)!, Child(key), $"unknown key '{key}'" + (near is not null ? $" (did you mean '{near}'?)" : expected.Length > 0 ? $" (expected one of: {expected})" : ""));
    }

    /// <summary>Levenshtein distance, for "did you mean" hints on short keys.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private string Scalar(YamlNode node, string path, string expected) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, path, $"expected {expected}, not {Describe(node)}");

    private ConfigException Error(YamlNode node, string path, string message) =>
        new($"{File}:{node.Start.Line}: {(path.Length == 0 ? "" : path + ": ")}{message}");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "a single value",
    };

    private static Exception Innermost(Exception e) => e.InnerException is YamlException inner ? Innermost(inner) : e;
}
