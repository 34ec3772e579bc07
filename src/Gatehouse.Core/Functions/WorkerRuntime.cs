using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Functions;

/// <summary>
/// <c>python</c> and <c>node</c> functions: warm worker processes (<c>python3</c> / <c>node</c> on PATH) running a
/// bootstrap that imports the handler once and calls it as Lambda does, <c>(event, context)</c>. Each function has
/// a pool of at most <see cref="FunctionDefinition.Concurrency"/> workers; an invocation waits for a free one until
/// its deadline (then <see cref="FunctionFailure.Throttled"/>). A timeout kills the worker's process tree; a worker
/// that dies or breaks the protocol is replaced on next use; a redefined or deleted function's workers are stopped.
/// Disposing stops every worker.
/// </summary>
public sealed partial class WorkerRuntime : IFunctionRuntime, IAsyncDisposable, IDisposable
{
    private const int DefaultConcurrency = 4;
    private readonly string _executable;
    private readonly string[] _arguments;
    private readonly Func<string?> _endpointUrl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FunctionWorker, byte> _live = new();
    private readonly Lock _gate = new();
    private volatile bool _disposed;

    private WorkerRuntime(string name, string executable, string[] arguments, Func<string?> endpointUrl, TimeProvider time, ILogger logger)
    {
        Name = name;
        _executable = executable;
        _arguments = arguments;
        _endpointUrl = endpointUrl;
        _time = time;
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>The <c>python</c> runtime.</summary>
    /// <param name="endpointUrl">Gatehouse's own base URL for <c>AWS_ENDPOINT_URL</c>, asked when a worker starts (after the server bound its port).</param>
    /// <param name="time">The clock the invocation deadlines are on.</param>
    /// <param name="logger">Where the functions' output and the runtime's own events go.</param>
    /// <param name="executable">The interpreter; <c>python3</c> on PATH by default.</param>
    public static WorkerRuntime Python(Func<string?> endpointUrl, TimeProvider time, ILogger logger, string executable = "python3") =>
        new("python", executable, ["-c", Bootstrap("bootstrap.py")], endpointUrl, time, logger);

    /// <summary>The <c>node</c> runtime.</summary>
    /// <param name="endpointUrl">Gatehouse's own base URL for <c>AWS_ENDPOINT_URL</c>, asked when a worker starts (after the server bound its port).</param>
    /// <param name="time">The clock the invocation deadlines are on.</param>
    /// <param name="logger">Where the functions' output and the runtime's own events go.</param>
    /// <param name="executable">The interpreter; <c>node</c> on PATH by default.</param>
    public static WorkerRuntime Node(Func<string?> endpointUrl, TimeProvider time, ILogger logger, string executable = "node") =>
        new("node", executable, ["-e", Bootstrap("bootstrap.js")], endpointUrl, time, logger);

    public async Task<FunctionResult> InvokeAsync(FunctionDefinition function, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            return FunctionResult.Failure(new FunctionError(FunctionFailure.Crashed, "Runtime.Unavailable", "Gatehouse is shutting down."));
        }

        var pool = PoolFor(function);
        try
        {
            await pool.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return FunctionResult.Failure(new FunctionError(
                FunctionFailure.Throttled, "TooManyRequestsException", $"Rate Exceeded: all {pool.Size} workers of {function.Name} stayed busy until the invocation's deadline."));
        }

        FunctionWorker? worker = null;
        try
        {
            worker = pool.TakeIdle(dead => _ = RetireAsync(dead));
            if (worker is null)
            {
                var started = await StartWorkerAsync(function, invocation, cancellationToken).ConfigureAwait(false);
                if (started.Error is { } error)
                {
                    return FunctionResult.Failure(error);
                }

                worker = started.Worker!;
            }

            var remaining = Math.Max((long)(invocation.Deadline - _time.GetUtcNow()).TotalMilliseconds, 0);
            var result = await worker.InvokeAsync(FunctionWorker.RequestFrame(invocation, remaining), invocation.RequestId, cancellationToken).ConfigureAwait(false);
            if (worker.Usable && !_disposed && pool.Return(worker))
            {
                worker = null;
            }

            return result;
        }
        finally
        {
            if (worker is not null)
            {
                await RetireAsync(worker).ConfigureAwait(false);
            }

            pool.Slots.Release();
        }
    }

    public void Evict(string name)
    {
        if (_pools.TryRemove(name, out var pool))
        {
            Drain(pool);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var pool in _pools.Values)
        {
            pool.Close();
        }

        await Task.WhenAll(_live.Keys.Select(RetireAsync)).ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The worker processes alive now (for tests that check nothing leaks).</summary>
    internal IReadOnlyList<int> WorkerProcessIds => [.. _live.Keys.Select(w => w.ProcessId)];

    private async Task<(FunctionWorker? Worker, FunctionError? Error)> StartWorkerAsync(
        FunctionDefinition function, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        var module = function.Handler is { } handler ? handler[..handler.LastIndexOf('.')] : "";
        if (FunctionProcesses.CodeDirectory(function) is not { } code)
        {
            return (null, new FunctionError(
                FunctionFailure.Handled, "Runtime.ImportModuleError", $"Unable to import module '{module}': the code directory {function.Code} does not exist."));
        }

        var info = FunctionProcesses.StartInfo(
            _executable, _arguments, function, FunctionArn.RegionOf(invocation.FunctionArn), _endpointUrl(), code, _time);
        var worker = FunctionWorker.Start(info, function.Name, _logger, out var problem);
        if (worker is null)
        {
            return (null, new FunctionError(FunctionFailure.Crashed, "Runtime.Unavailable", problem!));
        }

        _live[worker] = 0;
        LogStarted(_logger, Name, function.Name, worker.ProcessId);
        var ready = false;
        try
        {
            var error = await worker.WaitReadyAsync(invocation.RequestId, cancellationToken).ConfigureAwait(false);
            ready = error is null;
            return ready ? (worker, null) : (null, error);
        }
        finally
        {
            if (!ready)
            {
                await RetireAsync(worker).ConfigureAwait(false);
            }
        }
    }

    private Pool PoolFor(FunctionDefinition function)
    {
        var fingerprint = JsonSerializer.Serialize(function, FunctionJson.Default.FunctionDefinition);
        if (_pools.TryGetValue(function.Name, out var pool) && pool.Fingerprint == fingerprint)
        {
            return pool;
        }

        lock (_gate)
        {
            if (_pools.TryGetValue(function.Name, out pool) && pool.Fingerprint == fingerprint)
            {
                return pool;
            }

            var fresh = new Pool(fingerprint, function.Concurrency ?? DefaultConcurrency);
            _pools[function.Name] = fresh;
            if (pool is not null)
            {
                Drain(pool);
            }

            return fresh;
        }
    }

    private void Drain(Pool pool)
    {
        // Busy workers finish their invocation, then find the pool closed and stop.
        foreach (var worker in pool.Close())
        {
            _ = RetireAsync(worker);
        }
    }

    private async Task RetireAsync(FunctionWorker worker)
    {
        await worker.StopAsync().ConfigureAwait(false);
        _live.TryRemove(worker, out _);
    }

    private static string Bootstrap(string name)
    {
        using var stream = typeof(WorkerRuntime).Assembly.GetManifestResourceStream("Gatehouse.Functions." + name)
            ?? throw new InvalidOperationException($"The {name} resource is missing from {typeof(WorkerRuntime).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Started a {Runtime} worker for {Function}: pid {ProcessId}")]
    private static partial void LogStarted(ILogger logger, string runtime, string function, int processId);

    /// <summary>One function's workers under one definition.</summary>
    private sealed class Pool(string fingerprint, int size)
    {
        private readonly Stack<FunctionWorker> _idle = new();
        private bool _closed;

        public string Fingerprint { get; } = fingerprint;

        public int Size { get; } = size;

        public SemaphoreSlim Slots { get; } = new(size, size);

        public FunctionWorker? TakeIdle(Action<FunctionWorker> discard)
        {
            lock (_idle)
            {
                while (_idle.TryPop(out var worker))
                {
                    if (worker.Usable)
                    {
                        return worker;
                    }

                    discard(worker);
                }

                return null;
            }
        }

        /// <summary>Keeps <paramref name="worker"/> warm; false when the pool is closed (the caller stops it).</summary>
        public bool Return(FunctionWorker worker)
        {
            lock (_idle)
            {
                if (_closed)
                {
                    return false;
                }

                _idle.Push(worker);
                return true;
            }
        }

        public List<FunctionWorker> Close()
        {
            lock (_idle)
            {
                _closed = true;
                var idle = _idle.ToList();
                _idle.Clear();
                return idle;
            }
        }
    }
}
