using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.Functions;
using Gatehouse.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Tests.Functions;

/// <summary>Real python/node/command runtimes behind the real invoker, on a temp store and code directory.</summary>
internal sealed class FunctionHarness : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-fn-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;

    public FunctionHarness(string? endpointUrl = "http://localhost:9229")
    {
        Directory.CreateDirectory(_root);
        Code = Path.Combine(_root, "code");
        Directory.CreateDirectory(Code);
        _store = new SqliteStore(Path.Combine(_root, "data")) { CheckSharedReads = true };
        Python = WorkerRuntime.Python(() => endpointUrl, TimeProvider.System, Log);
        Node = WorkerRuntime.Node(() => endpointUrl, TimeProvider.System, Log);
        Command = new CommandRuntime(() => endpointUrl, TimeProvider.System, Log);
        Invoker = new FunctionInvoker(new FunctionRegistry(_store), [Python, Node, Command], new IdGenerator(), TimeProvider.System, new ListLogger<FunctionInvoker>(Log));
    }

    public string Code { get; }

    public ListLogger Log { get; } = new();

    public WorkerRuntime Python { get; }

    public WorkerRuntime Node { get; }

    public CommandRuntime Command { get; }

    public FunctionInvoker Invoker { get; }

    public string Write(string file, string text)
    {
        var path = Path.Combine(Code, file);
        File.WriteAllText(path, text);
        return path;
    }

    public async Task DefineAsync(FunctionDefinition function)
    {
        var ct = CancellationToken.None;
        await using (var session = await _store.OpenAsync(true, ct))
        {
            await FunctionRegistry.SaveAsync(session, function, ct);
            await session.CommitAsync(ct);
        }
    }

    public Task DefineAsync(string name, string runtime, string handler, int? timeout = null, int? concurrency = null, Dictionary<string, string>? environment = null) =>
        DefineAsync(new FunctionDefinition
        {
            Name = name,
            Runtime = runtime,
            Code = Code,
            Handler = handler,
            Timeout = timeout,
            Concurrency = concurrency,
            Environment = environment,
        });

    public Task<FunctionResult> InvokeAsync(string name, string eventJson = "{}", TimeSpan? timeoutCap = null) =>
        Invoker.InvokeAsync(name, Encoding.UTF8.GetBytes(eventJson), "eu-west-1", "123456789012", timeoutCap, CancellationToken.None);

    public async Task<JsonNode?> PayloadAsync(string name, string eventJson = "{}")
    {
        var result = await InvokeAsync(name, eventJson);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return JsonNode.Parse(result.Payload);
    }

    /// <summary>Function output reaches the log from its own pipe, a moment after the result may have.</summary>
    public async Task AssertLoggedAsync(Func<string, bool> match)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!Log.Lines.Any(match) && DateTime.UtcNow < until)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        Assert.Contains(Log.Lines, l => match(l));
    }

    public static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    /// <summary>Polls (the kill is asynchronous to the caller only by the OS's reaping) until the process is gone.</summary>
    public static async Task AssertGoneAsync(int pid)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (IsRunning(pid) && DateTime.UtcNow < until)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        Assert.False(IsRunning(pid), $"process {pid} is still running");
    }

    public async ValueTask DisposeAsync()
    {
        await Python.DisposeAsync();
        await Node.DisposeAsync();
        _store.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Keeps every log line, for tests of what functions print.</summary>
internal class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception));
}

internal sealed class ListLogger<T>(ListLogger inner) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
