using Gatehouse.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Operator;

/// <summary>Runs the <see cref="GrantSweeper"/> every ten minutes while the server is up.</summary>
internal sealed partial class GrantSweeperService(GrantSweeper sweeper, TimeProvider time, ILogger<GrantSweeperService> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var deleted = await sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
                LogSwept(deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed sweep loses nothing: the next one deletes what this one left.
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Deleted {Count} expired grants.")]
    private partial void LogSwept(int count);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Sweeping expired grants failed.")]
    private partial void LogFailed(Exception exception);
}
