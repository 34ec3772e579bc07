using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// Access log lines of stages with <c>accessLogSettings</c>: each goes to the console log (category
/// <c>Gatehouse.Server.Gateway.AccessLog</c>) and is appended to <c>{data}/logs/access.log</c> by a background writer,
/// so a request never waits on the disk. Lines are dropped, not queued without bound, if the disk falls behind.
/// </summary>
internal sealed partial class AccessLog(GatehouseOptions options, ILogger<AccessLog> logger) : BackgroundService
{
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>The file the lines are appended to.</summary>
    public string FilePath { get; } = Path.Combine(options.DataDirectory, "logs", "access.log");

    /// <summary>Logs the finished request in the stage's format; nothing when the stage has no access log settings.</summary>
    public void Write(Core.Gateway.AccessLogSettings? settings, Core.Gateway.Invocation.InvocationContext context, int status)
    {
        if (settings?.Format is not { Length: > 0 } format)
        {
            return;
        }

        context.Status = status;
        var line = Core.Gateway.Invocation.MappingTemplate.Render(format, context);
        LogLine(logger, context.ApiId, context.Stage, line);
        _lines.Writer.TryWrite(line);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _lines.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await AppendQueuedAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what was logged before the stop still reaches the file.
            await AppendQueuedAsync().ConfigureAwait(false);
        }
    }

    // Not cancellable: a line taken from the queue is written, or a stop in mid-write would lose it.
    private async Task AppendQueuedAsync()
    {
        if (!_lines.Reader.TryPeek(out _))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var writer = new StreamWriter(file);
                await using (writer.ConfigureAwait(false))
                {
                    while (_lines.Reader.TryRead(out var line))
                    {
                        await writer.WriteLineAsync(line.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (IOException e)
        {
            LogFileFailed(logger, e, FilePath);
        }
    }

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "{ApiId} {Stage} {Line}")]
    private static partial void LogLine(ILogger logger, string apiId, string stage, string line);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Error, Message = "Cannot write the access log {Path}; lines go to the console only")]
    private static partial void LogFileFailed(ILogger logger, Exception exception, string path);
}
