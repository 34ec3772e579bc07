using BenchmarkDotNet.Attributes;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The store work behind AdminGetUser and GetUser: open a read session (pooled connection, pragma, BEGIN), read the
/// pool and the user documents, dispose. Tells how much of an HTTP request the store is.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks : IDisposable
{
    private Fixture _fixture = null!;

    [GlobalSetup]
    public void Setup() => _fixture = Fixture.CreateAsync().GetAwaiter().GetResult();

    /// <summary>Open and dispose a read session only.</summary>
    [Benchmark]
    public async Task OpenReadSession()
    {
        await using var session = await _fixture.Store.OpenAsync(write: false, CancellationToken.None);
    }

    /// <summary>What AdminGetUser asks of the store: the pool, then the user.</summary>
    [Benchmark]
    public async Task<User?> ReadPoolAndUser()
    {
        await using var session = await _fixture.Store.OpenAsync(write: false, CancellationToken.None);
        var pool = await session.GetPoolAsync(_fixture.Pool.Id, CancellationToken.None);
        return await session.GetUserAsync(pool!.Id, _fixture.User.Key, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _fixture?.Dispose();
        GC.SuppressFinalize(this);
    }
}
