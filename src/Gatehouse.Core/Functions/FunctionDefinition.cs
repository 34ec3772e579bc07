using System.Text.Json.Serialization;

namespace Gatehouse.Core.Functions;

/// <summary>
/// A registered function: what <c>PUT /_gatehouse/functions/{name}</c>, the <c>functions:</c> section of
/// <c>gatehouse.yaml</c> and <c>gatehouse functions put</c> declare. A Lambda ARN naming <see cref="Name"/> resolves
/// to it wherever AWS accepts one.
/// </summary>
public sealed class FunctionDefinition
{
    /// <summary>Lambda's default timeout.</summary>
    public const int DefaultTimeoutSeconds = 3;

    /// <summary>Lambda's longest timeout.</summary>
    public const int MaxTimeoutSeconds = 900;

    /// <summary>The function name, as in <c>arn:aws:lambda:{region}:{account}:function:{name}</c>: 1-64 of letters, digits, <c>-</c> and <c>_</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary><c>python</c>, <c>node</c>, <c>url</c> or <c>command</c>.</summary>
    [JsonPropertyName("runtime")]
    public string Runtime { get; set; } = "";

    /// <summary>For <c>python</c> and <c>node</c>: the directory holding the handler's module; for <c>command</c>, the working directory.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    /// <summary>For <c>python</c> and <c>node</c>: <c>module.function</c>, as in Lambda (<c>lambda_function.lambda_handler</c>, <c>index.handler</c>).</summary>
    [JsonPropertyName("handler")]
    public string? Handler { get; set; }

    /// <summary>For <c>url</c>: where each event is POSTed, e.g. the Lambda Runtime Interface Emulator's <c>http://localhost:9000/2015-03-31/functions/function/invocations</c>.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    /// <summary>For <c>command</c>: the program and its arguments, started once per invocation with the event on stdin.</summary>
    [JsonPropertyName("command")]
    public List<string>? Command { get; set; }

    /// <summary>Environment variables the function sees, beside Lambda's own.</summary>
    [JsonPropertyName("environment")]
    public Dictionary<string, string>? Environment { get; set; }

    /// <summary>Seconds before an invocation is abandoned (and its worker killed); default 3, as Lambda's.</summary>
    [JsonPropertyName("timeout")]
    public int? Timeout { get; set; }

    /// <summary>How many invocations may run at once (warm workers for <c>python</c> and <c>node</c>); default 4.</summary>
    [JsonPropertyName("concurrency")]
    public int? Concurrency { get; set; }

    /// <summary>The memory size the context reports (<c>memory_limit_in_mb</c>); default 128. Not enforced.</summary>
    [JsonPropertyName("memorySize")]
    public int? MemorySize { get; set; }

    [JsonIgnore]
    public TimeSpan TimeoutSpan => TimeSpan.FromSeconds(Timeout ?? DefaultTimeoutSeconds);
}
