using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.Core;

/// <summary>
/// Collects model-constraint violations and reports them in AWS's wording:
/// <c>1 validation error detected: Value 'x' at 'poolName' failed to satisfy constraint: Member must ...</c>.
/// </summary>
public sealed class Validation
{
    private readonly List<string> _errors = [];

    public Validation Required(object? value, string member)
    {
        if (value is null)
        {
            _errors.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }

        return this;
    }

    public Validation Length(string? value, int min, int max, string member, bool sensitive = false)
    {
        if (value is null)
        {
            return this;
        }

        if (value.Length < min)
        {
            _errors.Add($"{Quote(value, sensitive)}at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }
        else if (value.Length > max)
        {
            _errors.Add($"{Quote(value, sensitive)}at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }

        return this;
    }

    /// <summary>A blob's length in bytes; a blob's value is never echoed.</summary>
    public Validation Length(byte[]? value, int min, int max, string member)
    {
        if (value is not null && value.Length < min)
        {
            _errors.Add($"Value at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }
        else if (value is not null && value.Length > max)
        {
            _errors.Add($"Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }

        return this;
    }

    public Validation Pattern(string? value, Regex pattern, string member, bool sensitive = false)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            _errors.Add($"{Quote(value, sensitive)}at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {Bare(pattern)}");
        }

        return this;
    }

    public Validation Range(long? value, long min, long max, string member)
    {
        if (value is null)
        {
            return this;
        }

        if (value < min)
        {
            _errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        }
        else if (value > max)
        {
            _errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value less than or equal to {max}");
        }

        return this;
    }

    public Validation Count<T>(IReadOnlyCollection<T>? value, int min, int max, string member)
    {
        if (value is null)
        {
            return this;
        }

        if (value.Count < min)
        {
            _errors.Add($"Value '[...]' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }
        else if (value.Count > max)
        {
            _errors.Add($"Value '[...]' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }

        return this;
    }

    public Validation OneOf(string? value, IReadOnlyCollection<string> allowed, string member)
    {
        if (value is not null && !allowed.Contains(value))
        {
            _errors.Add($"Value '{Shorten(value)}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return this;
    }

    /// <summary>Throws <c>InvalidParameterException</c> when anything was collected.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        var noun = _errors.Count == 1 ? "error" : "errors";
        throw CognitoException.InvalidParameter(
            string.Create(CultureInfo.InvariantCulture, $"{_errors.Count} validation {noun} detected: {string.Join("; ", _errors)}"));
    }

    // AWS prints the model's pattern without the anchors our regexes need.
    private static string Bare(Regex pattern)
    {
        var text = pattern.ToString();
        text = text.StartsWith('^') ? text[1..] : text;
        return text.EndsWith("\\z", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('$') ? text[..^1] : text;
    }

    // AWS leaves secrets such as passwords out of the message: "Value at 'password' failed ...".
    private static string Quote(string value, bool sensitive) => sensitive ? "Value " : $"Value '{Shorten(value)}' ";

    // Echoing a megabyte of attacker input into an error message helps nobody.
    private static string Shorten(string value) => value.Length <= 256 ? value : value[..256] + "...";
}
