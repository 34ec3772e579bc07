using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Functions;

/// <summary>
/// The registered functions, stored as documents of kind <c>function</c> (id = name). Lookups are served from memory
/// until the store's documents change, so invoking a function does no I/O on the hot path.
/// </summary>
public sealed class FunctionRegistry(IGatehouseStore store)
{
    /// <summary>The stored document kind.</summary>
    public const string Kind = "function";

    private static readonly string[] Runtimes = ["python", "node", "url", "command"];
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    /// <summary>The function called <paramref name="name"/>, or null.</summary>
    public async ValueTask<FunctionDefinition?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var version = store.DocumentVersion;
        if (_cache.TryGetValue(name, out var entry) && entry.Version == version)
        {
            return entry.Function;
        }

        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        var function = await GetAsync(session, name, cancellationToken).ConfigureAwait(false);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[name] = new Entry(version, function);
        return function;
    }

    /// <summary>The function called <paramref name="name"/> as <paramref name="session"/> sees it, or null.</summary>
    public static async Task<FunctionDefinition?> GetAsync(IStoreSession session, string name, CancellationToken cancellationToken)
    {
        var document = await session.GetDocumentAsync(Kind, name, cancellationToken).ConfigureAwait(false);
        return document is null ? null : JsonSerializer.Deserialize(document.Data, FunctionJson.Default.FunctionDefinition);
    }

    /// <summary>Every registered function, by name.</summary>
    public static async Task<IReadOnlyList<FunctionDefinition>> ListAsync(IStoreSession session, CancellationToken cancellationToken)
    {
        var documents = await session.ListDocumentsAsync(Kind, null, null, 10_000, cancellationToken).ConfigureAwait(false);
        return [.. documents.Select(d => JsonSerializer.Deserialize(d.Data, FunctionJson.Default.FunctionDefinition)!)];
    }

    /// <summary>Saves <paramref name="function"/> in <paramref name="session"/>'s transaction, after <see cref="Validate"/>.</summary>
    public static Task SaveAsync(IStoreSession session, FunctionDefinition function, CancellationToken cancellationToken)
    {
        Validate(function);
        var data = JsonSerializer.Serialize(function, FunctionJson.Default.FunctionDefinition);
        return session.SaveDocumentAsync(new StoredDocument { Kind = Kind, Id = function.Name, Data = data }, cancellationToken);
    }

    /// <summary>Deletes the function called <paramref name="name"/>, if there is one.</summary>
    public static Task DeleteAsync(IStoreSession session, string name, CancellationToken cancellationToken) =>
        session.DeleteDocumentAsync(Kind, name, cancellationToken);

    /// <summary>Throws <see cref="ArgumentException"/> with a message fit for the operator when <paramref name="function"/> cannot run.</summary>
    public static void Validate(FunctionDefinition function)
    {
        if (!FunctionArn.IsValidName(function.Name))
        {
            throw new ArgumentException("name must be 1-64 letters, digits, '-' or '_'.");
        }

        if (!Runtimes.Contains(function.Runtime))
        {
            throw new ArgumentException($"runtime must be one of {string.Join(", ", Runtimes)}.");
        }

        switch (function.Runtime)
        {
            case "python" or "node":
                Require(!string.IsNullOrEmpty(function.Code), "code (the handler's directory) is required.");
                Require(function.Handler is { } handler && handler.LastIndexOf('.') is > 0 and var dot && dot < handler.Length - 1, "handler must be module.function.");
                break;
            case "url":
                Require(Uri.TryCreate(function.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https", "url must be an absolute http(s) URL.");
                break;
            case "command":
                Require(function.Command is [_, ..] && !string.IsNullOrEmpty(function.Command[0]), "command must name a program.");
                break;
        }

        Require(function.Timeout is null or (>= 1 and <= FunctionDefinition.MaxTimeoutSeconds), $"timeout must be 1-{FunctionDefinition.MaxTimeoutSeconds} seconds.");
        Require(function.Concurrency is null or (>= 1 and <= 64), "concurrency must be 1-64.");
        Require(function.MemorySize is null or (>= 128 and <= 10240), "memorySize must be 128-10240.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    private sealed record Entry(long Version, FunctionDefinition? Function);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FunctionDefinition))]
[JsonSerializable(typeof(List<FunctionDefinition>))]
[JsonSerializable(typeof(LambdaErrorBody))]
public sealed partial class FunctionJson : JsonSerializerContext;

/// <summary>Lambda's error payload: <c>{"errorMessage","errorType","stackTrace"}</c>.</summary>
public sealed class LambdaErrorBody
{
    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }

    [JsonPropertyName("errorType")]
    public string? ErrorType { get; set; }

    [JsonPropertyName("stackTrace")]
    public List<string>? StackTrace { get; set; }
}
