using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Functions;

/// <summary>
/// One warm <c>python</c> or <c>node</c> process running Gatehouse's bootstrap. It speaks frames on its stdin and
/// stdout (<c>"GHF"</c>, a kind byte, a big-endian length, the payload); its stderr, where the handler's own output
/// goes, is logged. Anything else on stdout, or a frame over 6 MB, kills it.
/// </summary>
internal sealed class FunctionWorker
{
    private const string EndMarker = "\u001eGATEHOUSE-END\u001e";
    private static readonly byte[] Magic = "GHF"u8.ToArray();

    // The request each stretch of stderr belongs to: the bootstrap ends each one with EndMarker.
    private readonly ConcurrentQueue<string> _pending = new();
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private int _killed;

    private FunctionWorker(Process process, string function, ILogger logger)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        ProcessId = process.Id;
        LogPump = Task.Run(() => PumpLogAsync(process.StandardError, function, logger));
    }

    public int ProcessId { get; }

    /// <summary>False once the worker was killed, broke the protocol or exited; it must not be reused.</summary>
    public bool Usable => Volatile.Read(ref _killed) == 0 && !HasExited();

    public Task LogPump { get; }

    public static FunctionWorker? Start(ProcessStartInfo info, string function, ILogger logger, out string? problem) =>
        FunctionProcesses.TryStart(info, out problem) is { } process ? new FunctionWorker(process, function, logger) : null;

    /// <summary>Waits for the handler to be imported: null when ready, else the import's error.</summary>
    public async Task<FunctionError?> WaitReadyAsync(string requestId, CancellationToken cancellationToken)
    {
        _pending.Enqueue(requestId);
        var frame = await ReadFrameAsync(requestId, cancellationToken).ConfigureAwait(false);
        switch (frame.Kind)
        {
            case (byte)'R':
                return null;
            case (byte)'I':
                Kill();
                return ErrorOf(frame.Body!);
            case 0:
                return frame.Error;
            default:
                Kill();
                return Garbage();
        }
    }

    /// <summary>Runs one invocation; on the caller's cancellation (the timeout) the worker is killed and that is rethrown.</summary>
    public async Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> request, string requestId, CancellationToken cancellationToken)
    {
        _pending.Enqueue(requestId);
        using (cancellationToken.Register(static state => ((FunctionWorker)state!).Kill(), this))
        {
            try
            {
                await _input.WriteAsync(request, CancellationToken.None).ConfigureAwait(false);
                await _input.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Kill();
                return FunctionResult.Failure(FunctionProcesses.Exited(requestId, await FunctionProcesses.ExitDescriptionAsync(_process).ConfigureAwait(false)));
            }
        }

        var frame = await ReadFrameAsync(requestId, cancellationToken).ConfigureAwait(false);
        switch (frame.Kind)
        {
            case (byte)'O':
                return FunctionResult.Success(frame.Body!.Length == 0 ? "null"u8.ToArray() : frame.Body);
            case (byte)'E':
                return FunctionResult.Failure(ErrorOf(frame.Body!));
            case 0:
                return FunctionResult.Failure(frame.Error!);
            default:
                Kill();
                return FunctionResult.Failure(Garbage());
        }
    }

    /// <summary>Kills the process tree; idempotent, never throws.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 0)
        {
            FunctionProcesses.Kill(_process);
        }
    }

    /// <summary>Kills the worker and waits until the process is gone.</summary>
    public async Task StopAsync()
    {
        Kill();
        await FunctionProcesses.WaitGoneAsync(_process, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpLogAsync(StreamReader reader, string function, ILogger logger)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                var end = line.EndsWith(EndMarker, StringComparison.Ordinal);
                var text = end ? line[..^EndMarker.Length] : line;
                if (!end || text.Length > 0)
                {
                    FunctionProcesses.LogOutput(logger, function, _pending.TryPeek(out var id) ? id : "-", FunctionProcesses.Truncated(text));
                }

                if (end)
                {
                    _pending.TryDequeue(out _);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private bool HasExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private async Task<Frame> ReadFrameAsync(string requestId, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static state => ((FunctionWorker)state!).Kill(), this);
        var header = new byte[8];
        if (!await ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false))
        {
            return await EndedAsync(requestId, cancellationToken).ConfigureAwait(false);
        }

        if (!header.AsSpan(0, 3).SequenceEqual(Magic))
        {
            Kill();
            return new Frame(0, null, Garbage());
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        if (length > FunctionInvoker.MaxResponseBytes)
        {
            // Not read: a worker cannot make Gatehouse buffer more than Lambda's limit.
            Kill();
            return new Frame(0, null, new FunctionError(
                FunctionFailure.InvalidResponse, "Function.ResponseSizeTooLarge",
                $"Response payload size ({length} bytes) exceeded maximum allowed payload size ({FunctionInvoker.MaxResponseBytes} bytes)."));
        }

        var body = new byte[length];
        if (!await ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false))
        {
            return await EndedAsync(requestId, cancellationToken).ConfigureAwait(false);
        }

        return new Frame(header[3], body, null);
    }

    private async Task<Frame> EndedAsync(string requestId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var description = await FunctionProcesses.ExitDescriptionAsync(_process).ConfigureAwait(false);
        Kill();
        return new Frame(0, null, FunctionProcesses.Exited(requestId, description));
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            int read;
            try
            {
                read = await _output.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return false;
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw;
            }

            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }

    private static FunctionError Garbage() => new(
        FunctionFailure.InvalidResponse, "Runtime.InvalidResponse",
        "The function's worker wrote to its protocol channel something that is not a runtime frame; it was stopped.");

    private static FunctionError ErrorOf(byte[] body)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, FunctionJson.Default.LambdaErrorBody);
            if (error is not null)
            {
                return new FunctionError(FunctionFailure.Handled, error.ErrorType ?? "Error", error.ErrorMessage ?? "", error.StackTrace);
            }
        }
        catch (JsonException)
        {
        }

        return Garbage();
    }

    /// <summary>The request frame: <c>{"requestId","remainingMs","arn","event"}</c> with the event as is.</summary>
    public static byte[] RequestFrame(FunctionInvocation invocation, long remainingMs)
    {
        var buffer = new ArrayBufferWriter<byte>(invocation.Event.Length + 256);
        buffer.Write(Magic);
        buffer.Write("V"u8);
        buffer.Write(new byte[4]);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("requestId", invocation.RequestId);
            writer.WriteNumber("remainingMs", remainingMs);
            writer.WriteString("arn", invocation.FunctionArn);
            writer.WritePropertyName("event");
            if (invocation.Event.IsEmpty)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(invocation.Event.Span);
            }

            writer.WriteEndObject();
        }

        var frame = buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)(frame.Length - 8));
        return frame;
    }

    private readonly record struct Frame(byte Kind, byte[]? Body, FunctionError? Error);
}
