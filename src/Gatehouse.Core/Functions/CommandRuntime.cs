using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Functions;

/// <summary>
/// <c>command</c> functions: <see cref="FunctionDefinition.Command"/> is started once per invocation (in
/// <see cref="FunctionDefinition.Code"/> when given) with Lambda's environment, the event on stdin and the result
/// JSON expected on stdout; stderr goes to the log. A non-zero exit is <c>Runtime.ExitError</c>, output that is not
/// JSON (or over 6 MB) is an invalid response, and a timeout kills the process tree.
/// </summary>
/// <param name="endpointUrl">Gatehouse's own base URL for <c>AWS_ENDPOINT_URL</c>.</param>
/// <param name="time">The clock the invocation deadlines are on.</param>
/// <param name="logger">Where the commands' stderr goes.</param>
public sealed class CommandRuntime(Func<string?> endpointUrl, TimeProvider time, ILogger logger) : IFunctionRuntime
{
    public string Name => "command";

    public async Task<FunctionResult> InvokeAsync(FunctionDefinition function, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        var argv = function.Command ?? [];
        string? directory = null;
        if (function.Code is { Length: > 0 })
        {
            directory = FunctionProcesses.CodeDirectory(function);
            if (directory is null)
            {
                return FunctionResult.Failure(new FunctionError(FunctionFailure.Crashed, "Runtime.Unavailable", $"The working directory {function.Code} does not exist."));
            }
        }

        var info = FunctionProcesses.StartInfo(
            argv[0], argv.Skip(1), function, FunctionArn.RegionOf(invocation.FunctionArn), endpointUrl(), directory, time);
        info.Environment["AWS_LAMBDA_REQUEST_ID"] = invocation.RequestId;
        info.Environment["AWS_LAMBDA_DEADLINE_MS"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (FunctionProcesses.TryStart(info, out var problem) is not { } process)
        {
            return FunctionResult.Failure(new FunctionError(FunctionFailure.Crashed, "Runtime.Unavailable", problem!));
        }

        using (process)
        {
            var pump = FunctionProcesses.PumpLogAsync(process.StandardError, function.Name, () => invocation.RequestId, logger);
            try
            {
                FunctionResult result;
                using (cancellationToken.Register(static state => FunctionProcesses.Kill((System.Diagnostics.Process)state!), process))
                {
                    var feed = FeedAsync(process.StandardInput.BaseStream, invocation.Event);
                    var output = await ReadLimitedAsync(process.StandardOutput.BaseStream).ConfigureAwait(false);
                    if (output is null)
                    {
                        FunctionProcesses.Kill(process);
                    }

                    await feed.ConfigureAwait(false);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    result = output is null
                        ? FunctionResult.Failure(new FunctionError(
                            FunctionFailure.InvalidResponse, "Function.ResponseSizeTooLarge", $"Response payload exceeded maximum allowed payload size ({FunctionInvoker.MaxResponseBytes} bytes)."))
                        : process.ExitCode != 0
                            ? FunctionResult.Failure(FunctionProcesses.Exited(invocation.RequestId, await FunctionProcesses.ExitDescriptionAsync(process).ConfigureAwait(false)))
                            : Parse(output);
                }

                return result;
            }
            finally
            {
                FunctionProcesses.Kill(process);
                await pump.ConfigureAwait(false);
            }
        }
    }

    public void Evict(string name)
    {
    }

    private static FunctionResult Parse(byte[] output)
    {
        var text = output.AsSpan().Trim(" \t\r\n"u8);
        if (text.IsEmpty)
        {
            return FunctionResult.Success("null"u8.ToArray());
        }

        try
        {
            var reader = new Utf8JsonReader(text);
            reader.Read();
            reader.Skip();
            if (!reader.Read())
            {
                return FunctionResult.Success(text.ToArray());
            }
        }
        catch (JsonException)
        {
        }

        return FunctionResult.Failure(new FunctionError(FunctionFailure.InvalidResponse, "Runtime.InvalidResponse", "The command's standard output is not a JSON document."));
    }

    private static async Task FeedAsync(Stream input, ReadOnlyMemory<byte> eventJson)
    {
        try
        {
            await input.WriteAsync(eventJson, CancellationToken.None).ConfigureAwait(false);
            await input.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            input.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The command does not read its input, or is gone: what it printed decides.
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > FunctionInvoker.MaxResponseBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }

        return buffer.ToArray();
    }
}
