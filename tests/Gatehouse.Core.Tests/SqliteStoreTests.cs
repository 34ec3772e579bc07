using Gatehouse.Core.Messaging;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse.Core.Tests;

/// <summary>The store contract, run against SQLite; a PostgreSQL provider will run the same suite.</summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    protected IGatehouseStore Store { get; private set; } = null!;

    protected abstract IGatehouseStore Open();

    protected abstract void Reopen();

    public Task InitializeAsync()
    {
        Store = Open();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected void SetStore(IGatehouseStore store) => Store = store;

    [Fact]
    public async Task Committed_writes_are_read_back_and_uncommitted_ones_vanish()
    {
        await using (var session = await Store.OpenAsync(write: true, default))
        {
            await session.SavePoolAsync(new UserPool { Id = "us-east-1_aaaaaaaaa", Name = "kept" }, default);
            await session.CommitAsync(default);
        }

        await using (var session = await Store.OpenAsync(write: true, default))
        {
            await session.SavePoolAsync(new UserPool { Id = "us-east-1_bbbbbbbbb", Name = "dropped" }, default);
        }

        await using var read = await Store.OpenAsync(write: false, default);
        Assert.Equal("kept", (await read.GetPoolAsync("us-east-1_aaaaaaaaa", default))!.Name);
        Assert.Null(await read.GetPoolAsync("us-east-1_bbbbbbbbb", default));
    }

    [Fact]
    public async Task Users_are_found_by_indexed_attributes_and_listed_with_prefix_filters()
    {
        await using (var session = await Store.OpenAsync(write: true, default))
        {
            for (var i = 0; i < 25; i++)
            {
                var user = new User { PoolId = "p_1", Username = $"user{i:D2}", Key = $"user{i:D2}", Sub = $"sub-{i}" };
                user.Attributes["email"] = $"user{i:D2}@example.com";
                await session.SaveUserAsync(user, default);
            }

            await session.CommitAsync(default);
        }

        await using var read = await Store.OpenAsync(write: false, default);
        Assert.Equal("user07", Assert.Single(await read.FindUsersAsync("p_1", "email", "user07@example.com", default)).Username);
        var page = await read.ListUsersAsync("p_1", new UserFilter("email", "user1", Prefix: true), null, 4, default);
        Assert.Equal(["user10", "user11", "user12", "user13"], page.Users.Select(u => u.Username));
        var next = await read.ListUsersAsync("p_1", new UserFilter("email", "user1", Prefix: true), page.Next, 100, default);
        Assert.Equal(6, next.Users.Count);
        Assert.Null(next.Next);
        var all = await read.ListUsersAsync("p_1", null, null, 100, default);
        Assert.Equal(25, all.Users.Count);
        Assert.Equal(25, await read.CountUsersAsync("p_1", default));
    }

    [Fact]
    public async Task Changing_an_attribute_moves_its_index_entry()
    {
        var user = new User { PoolId = "p_1", Username = "u", Key = "u", Sub = "s" };
        user.Attributes["email"] = "old@example.com";
        await using (var session = await Store.OpenAsync(write: true, default))
        {
            await session.SaveUserAsync(user, default);
            user.Attributes["email"] = "new@example.com";
            await session.SaveUserAsync(user, default);
            await session.CommitAsync(default);
        }

        await using var read = await Store.OpenAsync(write: false, default);
        Assert.Empty(await read.FindUsersAsync("p_1", "email", "old@example.com", default));
        Assert.Single(await read.FindUsersAsync("p_1", "email", "new@example.com", default));
    }

    [Fact]
    public async Task Data_survives_reopening_the_store()
    {
        await using (var session = await Store.OpenAsync(write: true, default))
        {
            await session.SavePoolAsync(new UserPool { Id = "us-east-1_ccccccccc", Name = "durable" }, default);
            await session.AddMessageAsync(new OutboxMessage { UserPoolId = "us-east-1_ccccccccc", Username = "u", Message = "m", Code = "123456" }, default);
            await session.CommitAsync(default);
        }

        Reopen();
        await using var read = await Store.OpenAsync(write: false, default);
        Assert.NotNull(await read.GetPoolAsync("us-east-1_ccccccccc", default));
        Assert.Equal("123456", Assert.Single(await read.ListMessagesAsync("us-east-1_ccccccccc", "u", 10, default)).Code);
    }

    [Fact]
    public async Task Deleting_a_pool_removes_everything_in_it()
    {
        await using (var session = await Store.OpenAsync(write: true, default))
        {
            await session.SavePoolAsync(new UserPool { Id = "p_2", Name = "gone" }, default);
            await session.SaveClientAsync(new AppClient { ClientId = "c", UserPoolId = "p_2" }, default);
            await session.SaveUserAsync(new User { PoolId = "p_2", Username = "u", Key = "u", Sub = "s" }, default);
            await session.SaveGrantAsync(new Grant { Kind = "refresh", Id = "h", PoolId = "p_2", UserKey = "u", ExpiresAt = DateTimeOffset.MaxValue }, default);
            await session.DeletePoolAsync("p_2", default);
            await session.CommitAsync(default);
        }

        await using var read = await Store.OpenAsync(write: false, default);
        Assert.Null(await read.GetClientAsync("c", default));
        Assert.Null(await read.GetUserAsync("p_2", "u", default));
        Assert.Null(await read.GetGrantAsync("refresh", "h", default));
    }

    [Fact]
    public async Task Pool_grants_of_a_kind_are_listed_by_id_and_only_that_pools()
    {
        await using (var session = await Store.OpenAsync(write: true, default))
        {
            foreach (var (pool, id) in new[] { ("p_3", "b"), ("p_3", "a"), ("p_4", "c") })
            {
                await session.SaveGrantAsync(new Grant { Kind = "resource-server", Id = pool + id, PoolId = pool, ExpiresAt = DateTimeOffset.MaxValue }, default);
            }

            await session.SaveGrantAsync(new Grant { Kind = "domain", Id = "d", PoolId = "p_3", ExpiresAt = DateTimeOffset.MaxValue }, default);
            await session.CommitAsync(default);
        }

        await using var read = await Store.OpenAsync(write: false, default);
        var listed = await read.ListPoolGrantsAsync("p_3", "resource-server", default);
        Assert.Equal(["p_3a", "p_3b"], listed.Select(g => g.Id));
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds(), listed[0].ExpiresAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Documents_list_by_kind_and_parent_and_a_delete_takes_the_children_with_it()
    {
        await using (var session = await Store.OpenAsync(write: true, default))
        {
            await session.SaveDocumentAsync(new StoredDocument { Kind = "restapi", Id = "b", Data = """{"name":"b"}""" }, default);
            await session.SaveDocumentAsync(new StoredDocument { Kind = "restapi", Id = "a", Data = """{"name":"a"}""" }, default);
            await session.SaveDocumentAsync(new StoredDocument { Kind = "deployment", Id = "d1", ParentId = "a" }, default);
            await session.SaveDocumentAsync(new StoredDocument { Kind = "deployment", Id = "d2", ParentId = "b" }, default);
            await session.SaveDocumentAsync(new StoredDocument { Kind = "restapi", Id = "a", Data = """{"name":"a2"}""" }, default);
            await session.CommitAsync(default);
        }

        await using (var read = await Store.OpenAsync(write: false, default))
        {
            Assert.Equal(["a", "b"], (await read.ListDocumentsAsync("restapi", null, null, 10, default)).Select(d => d.Id));
            Assert.Equal(["b"], (await read.ListDocumentsAsync("restapi", null, "a", 10, default)).Select(d => d.Id));
            Assert.Equal("""{"name":"a2"}""", (await read.GetDocumentAsync("restapi", "a", default))!.Data);
            Assert.Equal(["d1"], (await read.ListDocumentsAsync("deployment", "a", null, 10, default)).Select(d => d.Id));
        }

        await using (var session = await Store.OpenAsync(write: true, default))
        {
            await session.DeleteDocumentAsync("restapi", "a", default);
            await session.CommitAsync(default);
        }

        Reopen();
        await using var after = await Store.OpenAsync(write: false, default);
        Assert.Null(await after.GetDocumentAsync("restapi", "a", default));
        Assert.Null(await after.GetDocumentAsync("deployment", "d1", default));
        Assert.Equal("b", (await after.GetDocumentAsync("deployment", "d2", default))!.ParentId);
    }

    [Fact]
    public async Task The_sweeper_deletes_expired_grants_in_batches_and_keeps_live_ones()
    {
        var clock = new FakeClock();
        await using (var session = await Store.OpenAsync(write: true, default))
        {
            for (var i = 0; i < 2500; i++)
            {
                await session.SaveGrantAsync(new Grant { Kind = "authcode", Id = "c" + i, PoolId = "p_5", ExpiresAt = clock.GetUtcNow().AddMinutes(-1) }, default);
            }

            await session.SaveGrantAsync(new Grant { Kind = "authcode", Id = "live", PoolId = "p_5", ExpiresAt = clock.GetUtcNow().AddMinutes(5) }, default);
            await session.SaveGrantAsync(new Grant { Kind = "domain", Id = "d", PoolId = "p_5", ExpiresAt = DateTimeOffset.MaxValue }, default);
            await session.CommitAsync(default);
        }

        Assert.Equal(2500, await new GrantSweeper(Store, clock).SweepAsync(default));

        await using var read = await Store.OpenAsync(write: false, default);
        Assert.Null(await read.GetGrantAsync("authcode", "c0", default));
        Assert.NotNull(await read.GetGrantAsync("authcode", "live", default));
        Assert.NotNull(await read.GetGrantAsync("domain", "d", default));
    }
}

public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private SqliteStore? _store;

    protected override IGatehouseStore Open() => _store = new SqliteStore(_directory) { CheckSharedReads = true };

    protected override void Reopen()
    {
        _store?.Dispose();
        SetStore(Open());
    }

    public override Task DisposeAsync()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_database_is_in_wal_mode_at_the_latest_schema()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "gatehouse.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT version FROM schema_version";
        Assert.True((long)command.ExecuteScalar()! >= 1);
    }
}
