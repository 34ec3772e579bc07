using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Functions;

/// <summary>What the process runtimes (<c>python</c>, <c>node</c>, <c>command</c>) share: Lambda's environment, logs, kills.</summary>
internal static partial class FunctionProcesses
{
    /// <summary>The dummy credentials a function sees; Gatehouse does not check signatures.</summary>
    public const string AccessKeyId = "AKIAGATEHOUSELOCAL00";

    private const int MaxLogLine = 16 * 1024;

    /// <summary>A process for <paramref name="function"/> with Lambda's environment, its pipes redirected.</summary>
    public static ProcessStartInfo StartInfo(
        string fileName, IEnumerable<string> arguments, FunctionDefinition function, string region, string? endpointUrl, string? workingDirectory, TimeProvider time)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var environment = info.Environment;

        // The server's own AWS settings (a profile, real keys) must not leak into a function that calls back here.
        foreach (var key in environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(key);
        }

        var memory = (function.MemorySize ?? 128).ToString(CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_FUNCTION_NAME"] = function.Name;
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = memory;
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.Name;
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyy'/'MM'/'dd}/[$LATEST]{Guid.NewGuid():N}");
        environment["AWS_REGION"] = region;
        environment["AWS_DEFAULT_REGION"] = region;
        environment["AWS_ACCESS_KEY_ID"] = AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = "gatehouse-local-secret";
        environment["AWS_SESSION_TOKEN"] = "gatehouse-local-session";
        environment["TZ"] = ":UTC";
        if (workingDirectory is not null)
        {
            environment["LAMBDA_TASK_ROOT"] = workingDirectory;
        }

        if (function.Handler is not null)
        {
            environment["_HANDLER"] = function.Handler;
        }

        if (endpointUrl is not null)
        {
            environment["AWS_ENDPOINT_URL"] = endpointUrl;
        }

        environment["PYTHONDONTWRITEBYTECODE"] = "1";
        environment["PYTHONIOENCODING"] = "utf-8";
        foreach (var (key, value) in function.Environment ?? [])
        {
            environment[key] = value;
        }

        return info;
    }

    /// <summary>The function's code directory, absolute, or null when it does not exist.</summary>
    public static string? CodeDirectory(FunctionDefinition function) =>
        function.Code is { Length: > 0 } code && Path.GetFullPath(code) is var full && Directory.Exists(full) ? full : null;

    /// <summary>Starts <paramref name="info"/>; null when the program cannot be started (not on PATH, not executable).</summary>
    public static Process? TryStart(ProcessStartInfo info, out string? problem)
    {
        try
        {
            problem = null;
            return Process.Start(info) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            problem = $"Cannot start {info.FileName}: {e.Message}";
            return null;
        }
    }

    /// <summary>Kills the process and everything it started; never throws.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
        catch (NotSupportedException)
        {
        }
    }

    /// <summary>Waits for the process to be gone (reaped), at most <paramref name="limit"/>.</summary>
    public static async Task WaitGoneAsync(Process process, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Lambda's description of how a runtime process ended: <c>exit status 1</c>, <c>signal: killed</c>.</summary>
    public static async Task<string> ExitDescriptionAsync(Process process)
    {
        await WaitGoneAsync(process, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (!process.HasExited)
        {
            return "the process closed its output";
        }

        var code = process.ExitCode;
        return code > 128 && code < 160 ? $"signal: {SignalName(code - 128)}" : string.Create(CultureInfo.InvariantCulture, $"exit status {code}");
    }

    /// <summary>Lambda's error for a runtime process that ended mid-invocation.</summary>
    public static FunctionError Exited(string requestId, string description) =>
        new(FunctionFailure.Crashed, "Runtime.ExitError", $"RequestId: {requestId} Error: Runtime exited with error: {description}");

    /// <summary>Copies the process's standard error to the log, line by line, tagged with the function and request.</summary>
    public static async Task PumpLogAsync(StreamReader reader, string function, Func<string?> requestId, ILogger logger)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                LogOutput(logger, function, requestId() ?? "-", Truncated(line));
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>A log line cut to 16 KB.</summary>
    public static string Truncated(string line) => line.Length > MaxLogLine ? line[..MaxLogLine] + "..." : line;

    private static string SignalName(int signal) => signal switch
    {
        9 => "killed",
        15 => "terminated",
        11 => "segmentation fault",
        6 => "aborted",
        _ => signal.ToString(CultureInfo.InvariantCulture),
    };

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "{Function} RequestId: {RequestId} {Line}")]
    internal static partial void LogOutput(ILogger logger, string function, string requestId, string line);
}
