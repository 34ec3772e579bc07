using Gatehouse.Core.OAuth;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse.Core.Tests;

public sealed class PendingSignInsTests : IDisposable
{
    private const string Pool = "us-east-1_test";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;
    private readonly FakeClock _clock = new();
    private readonly PendingSignIns _pending;

    public PendingSignInsTests()
    {
        _store = new SqliteStore(_directory) { CheckSharedReads = true };
        _pending = new PendingSignIns(new IdGenerator(), _clock);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_cookie_works_once_for_its_own_user_and_pool()
    {
        var cookie = await StartAsync("alice");

        Assert.False(await TakeAsync("bob", cookie));
        Assert.False(await TakeAsync("alice", cookie, pool: "us-east-1_other"));
        Assert.False(await TakeAsync("alice", cookie + "x"));
        Assert.False(await TakeAsync("alice", null));
        Assert.False(await TakeAsync("alice", new string('a', 500)));

        Assert.True(await TakeAsync("alice", cookie));
        Assert.False(await TakeAsync("alice", cookie));
    }

    [Fact]
    public async Task A_user_deleted_and_created_again_under_the_same_name_is_not_signed_in()
    {
        var cookie = await StartAsync("alice");
        Assert.False(await TakeAsync("alice", cookie, sub: "another-sub"));
    }

    [Fact]
    public async Task It_expires_after_its_lifetime()
    {
        var cookie = await StartAsync("alice");
        _clock.Advance(PendingSignIns.Lifetime);
        Assert.False(await TakeAsync("alice", cookie));
    }

    private static Gatehouse.Core.UserPools.User User(string userKey, string? sub = null) => new() { PoolId = Pool, Username = userKey, Key = userKey, Sub = sub ?? "sub-" + userKey };

    private async Task<string> StartAsync(string userKey)
    {
        await using var session = await _store.OpenAsync(write: true, CancellationToken.None);
        var cookie = await _pending.StartAsync(session, Pool, User(userKey), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return cookie;
    }

    private async Task<bool> TakeAsync(string userKey, string? cookie, string pool = Pool, string? sub = null)
    {
        await using var session = await _store.OpenAsync(write: true, CancellationToken.None);
        var taken = await _pending.TakeAsync(session, pool, User(userKey, sub), cookie, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return taken;
    }
}
