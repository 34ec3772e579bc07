using Microsoft.Extensions.Hosting;

namespace Gatehouse.Server.Config;

/// <summary>
/// Re-applies the config file when it changes while the server runs. Editors save in bursts (truncate, write,
/// rename), so a change is applied once the file has been quiet for <see cref="Debounce"/>.
/// </summary>
internal sealed class ConfigWatcher(ConfigApplier applier, GatehouseOptions options, TimeProvider time) : IHostedService, IDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.ConfigPath!);
        _timer = time.CreateTimer(_ => _ = ReloadAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Touched();
        _watcher.Created += (_, _) => Touched();
        _watcher.Renamed += (_, _) => Touched();
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
        _stopping.Dispose();
    }

    private void Touched() => _timer?.Change(Debounce, Timeout.InfiniteTimeSpan);

    private async Task ReloadAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await applier.ReloadAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }
}
