using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse.Core.Tests;

/// <summary>
/// Read sessions share one in-memory pool, client and user between requests. What they share must always be the
/// latest committed version: no commit may be missed, no rolled-back change served, and no reader with an older
/// snapshot may put an older version back. Changing a shared object is caught when checks are on.
/// </summary>
public sealed class SharedReadsTests : IDisposable
{
    private const string PoolId = "us-east-1_shared001";
    private const string ClientId = "sharedclient00000000000001";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;

    public SharedReadsTests() => _store = new SqliteStore(_directory) { CheckSharedReads = true };

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Read_sessions_share_one_object_and_write_sessions_get_their_own()
    {
        await SeedAsync();
        var (pool, client, user) = await ReadAllAsync();
        var again = await ReadAllAsync();
        Assert.Same(pool, again.Pool);
        Assert.Same(client, again.Client);
        Assert.Same(user, again.User);

        await using var write = await _store.OpenAsync(write: true, CancellationToken.None);
        Assert.NotSame(pool, await write.GetPoolAsync(PoolId, CancellationToken.None));
        Assert.NotSame(client, await write.GetClientAsync(ClientId, CancellationToken.None));
        Assert.NotSame(user, await write.GetUserAsync(PoolId, "alice", CancellationToken.None));
    }

    [Fact]
    public async Task Every_committed_change_is_read_back_at_once()
    {
        await SeedAsync();
        await ReadAllAsync();

        await WriteAsync(async s =>
        {
            var pool = (await s.GetPoolAsync(PoolId, CancellationToken.None))!;
            pool.Name = "renamed";
            await s.SavePoolAsync(pool, CancellationToken.None);
            var client = (await s.GetClientAsync(ClientId, CancellationToken.None))!;
            client.ClientName = "renamed";
            await s.SaveClientAsync(client, CancellationToken.None);
            var user = (await s.GetUserAsync(PoolId, "alice", CancellationToken.None))!;
            user.Enabled = false;
            await s.SaveUserAsync(user, CancellationToken.None);
        });
        var changed = await ReadAllAsync();
        Assert.Equal("renamed", changed.Pool!.Name);
        Assert.Equal("renamed", changed.Client!.ClientName);
        Assert.False(changed.User!.Enabled);

        await WriteAsync(async s =>
        {
            await s.DeleteUserAsync(PoolId, "alice", CancellationToken.None);
            await s.DeleteClientAsync(ClientId, CancellationToken.None);
        });
        var deleted = await ReadAllAsync();
        Assert.NotNull(deleted.Pool);
        Assert.Null(deleted.Client);
        Assert.Null(deleted.User);
    }

    [Fact]
    public async Task Deleting_a_pool_takes_its_shared_clients_and_users_with_it()
    {
        await SeedAsync();
        await ReadAllAsync();
        await WriteAsync(s => s.DeletePoolAsync(PoolId, CancellationToken.None));
        Assert.Equal((null, null, null), await ReadAllAsync());
    }

    [Fact]
    public async Task A_rolled_back_change_is_never_shared()
    {
        await SeedAsync();
        await ReadAllAsync();
        await using (var write = await _store.OpenAsync(write: true, CancellationToken.None))
        {
            var user = (await write.GetUserAsync(PoolId, "alice", CancellationToken.None))!;
            user.Enabled = false;
            await write.SaveUserAsync(user, CancellationToken.None);
        }

        Assert.True((await ReadAllAsync()).User!.Enabled);
    }

    [Fact]
    public async Task A_reader_whose_snapshot_predates_a_commit_cannot_share_what_it_read()
    {
        await SeedAsync();
        await using var old = await _store.OpenAsync(write: false, CancellationToken.None);
        Assert.Equal(1, await old.CountUsersAsync(PoolId, CancellationToken.None)); // its snapshot starts here

        await WriteAsync(async s =>
        {
            var user = (await s.GetUserAsync(PoolId, "alice", CancellationToken.None))!;
            user.Enabled = false;
            await s.SaveUserAsync(user, CancellationToken.None);
        });

        // The old session still sees its snapshot, as it must, but may not hand that version to anyone else.
        Assert.True((await old.GetUserAsync(PoolId, "alice", CancellationToken.None))!.Enabled);
        Assert.False((await ReadAllAsync()).User!.Enabled);
    }

    [Fact]
    public async Task Under_concurrent_writes_no_reader_sees_a_version_older_than_the_last_acknowledged_commit()
    {
        await SeedAsync();
        const int Writes = 50;
        var acknowledged = 0;
        var reading = 0;
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            while (Volatile.Read(ref acknowledged) < Writes)
            {
                var floor = Volatile.Read(ref acknowledged);
                var seen = int.Parse((await ReadUserAsync("alice"))!.Attributes.GetValueOrDefault("custom:n", "0"), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(seen >= floor, $"read version {seen} after version {floor} was acknowledged");
                if (reads++ == 0)
                {
                    Interlocked.Increment(ref reading);
                }
            }

            return reads;
        })).ToList();
        while (Volatile.Read(ref reading) < readers.Count)
        {
            await Task.Yield();
        }

        for (var n = 1; n <= Writes; n++)
        {
            await WriteAsync(async s =>
            {
                var user = (await s.GetUserAsync(PoolId, "alice", CancellationToken.None))!;
                user.Attributes["custom:n"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await s.SaveUserAsync(user, CancellationToken.None);
            });
            Volatile.Write(ref acknowledged, n);
        }

        await Task.WhenAll(readers);
        Assert.Equal("50", (await ReadUserAsync("alice"))!.Attribute("custom:n"));
    }

    [Fact]
    public async Task Users_another_process_imports_are_found()
    {
        await SeedAsync();
        Assert.Null((await ReadUserAsync("bob")));

        // What `gatehouse users import` does, from its own store on the same file.
        using (var offline = new SqliteStore(_directory))
        {
            await using var writer = await offline.OpenBulkUserWriterAsync(CancellationToken.None);
            Assert.True(writer.Add(NewUser("bob")));
            await writer.CommitAsync(CancellationToken.None);
        }

        Assert.Equal("bob", (await ReadUserAsync("bob"))!.Username);
    }

    [Fact]
    public async Task Changing_a_shared_object_is_caught()
    {
        await SeedAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
            var user = (await read.GetUserAsync(PoolId, "alice", CancellationToken.None))!;
            user.Attributes["email"] = "changed@example.com";
        });
        Assert.Contains("User (", error.Message);

        // The next reader is stopped too, before it can use the changed object.
        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadUserAsync("alice"));
    }

    private async Task SeedAsync() => await WriteAsync(async s =>
    {
        await s.SavePoolAsync(new UserPool { Id = PoolId, Name = "pool" }, CancellationToken.None);
        await s.SaveClientAsync(new AppClient { UserPoolId = PoolId, ClientId = ClientId, ClientName = "client" }, CancellationToken.None);
        await s.SaveUserAsync(NewUser("alice"), CancellationToken.None);
    });

    private static User NewUser(string name) => new()
    {
        PoolId = PoolId,
        Username = name,
        Key = name,
        Sub = Guid.NewGuid().ToString(),
        Status = UserStatus.Confirmed,
        Attributes = { ["email"] = $"{name}@example.com" },
    };

    private async Task WriteAsync(Func<IStoreSession, Task> change)
    {
        await using var write = await _store.OpenAsync(write: true, CancellationToken.None);
        await change(write);
        await write.CommitAsync(CancellationToken.None);
    }

    private async Task<(UserPool? Pool, AppClient? Client, User? User)> ReadAllAsync()
    {
        await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
        return (await read.GetPoolAsync(PoolId, CancellationToken.None), await read.GetClientAsync(ClientId, CancellationToken.None),
            await read.GetUserAsync(PoolId, "alice", CancellationToken.None));
    }

    private async Task<User?> ReadUserAsync(string key)
    {
        await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
        return await read.GetUserAsync(PoolId, key, CancellationToken.None);
    }
}
