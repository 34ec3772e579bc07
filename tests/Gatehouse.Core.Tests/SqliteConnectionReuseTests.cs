using Gatehouse.Core.UserPools;
using Gatehouse.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Core.Tests;

/// <summary>
/// The store keeps its connections open across sessions and reuses their prepared statements. A reused connection
/// must behave like a fresh one: it sees the latest commit, carries nothing over from the session before, and a
/// reader stays read-only.
/// </summary>
public sealed class SqliteConnectionReuseTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;

    public SqliteConnectionReuseTests() => _store = new SqliteStore(_directory) { CheckSharedReads = true };

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_reused_read_connection_sees_each_new_commit()
    {
        for (var i = 0; i < 5; i++)
        {
            await SavePoolAsync(new UserPool { Id = "us-east-1_reuse0001", Name = $"name-{i}" });
            await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
            Assert.Equal($"name-{i}", (await read.GetPoolAsync("us-east-1_reuse0001", CancellationToken.None))?.Name);
        }
    }

    [Fact]
    public async Task An_uncommitted_write_is_rolled_back_and_the_writer_goes_on()
    {
        await SavePoolAsync(new UserPool { Id = "us-east-1_reuse0002", Name = "kept" });
        await using (var write = await _store.OpenAsync(write: true, CancellationToken.None))
        {
            await write.SavePoolAsync(new UserPool { Id = "us-east-1_reuse0002", Name = "discarded" }, CancellationToken.None);
        }

        await SavePoolAsync(new UserPool { Id = "us-east-1_reuse0003", Name = "next" });
        await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
        Assert.Equal("kept", (await read.GetPoolAsync("us-east-1_reuse0002", CancellationToken.None))?.Name);
        Assert.Equal("next", (await read.GetPoolAsync("us-east-1_reuse0003", CancellationToken.None))?.Name);
    }

    [Fact]
    public async Task A_read_session_cannot_write_and_its_connection_stays_usable()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
            await Assert.ThrowsAsync<SqliteException>(() => read.SavePoolAsync(new UserPool { Id = "us-east-1_reuse0004", Name = "x" }, CancellationToken.None));
        }

        await SavePoolAsync(new UserPool { Id = "us-east-1_reuse0004", Name = "written" });
        await using var again = await _store.OpenAsync(write: false, CancellationToken.None);
        Assert.Equal("written", (await again.GetPoolAsync("us-east-1_reuse0004", CancellationToken.None))?.Name);
    }

    [Fact]
    public async Task Parallel_readers_each_get_their_own_connection()
    {
        await SavePoolAsync(new UserPool { Id = "us-east-1_reuse0005", Name = "shared" });
        var names = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
            // Listing always goes to the database (a single pool may come from SharedReads instead).
            var first = await read.ListPoolsAsync(null, 10, CancellationToken.None);
            await Task.Yield();
            var second = await read.ListPoolsAsync(null, 10, CancellationToken.None);
            return Assert.Single(first).Name + Assert.Single(second).Name;
        })));
        Assert.All(names, n => Assert.Equal("sharedshared", n));
    }

    [Fact]
    public async Task Disposing_a_session_twice_releases_it_once()
    {
        var write = await _store.OpenAsync(write: true, CancellationToken.None);
        await write.DisposeAsync();
        await write.DisposeAsync();

        // The writer lock was released exactly once: one writer can open, and a second waits for it.
        await using var first = await _store.OpenAsync(write: true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.OpenAsync(write: true, timeout.Token));
    }

    private async Task SavePoolAsync(UserPool pool)
    {
        await using var write = await _store.OpenAsync(write: true, CancellationToken.None);
        await write.SavePoolAsync(pool, CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
    }
}
