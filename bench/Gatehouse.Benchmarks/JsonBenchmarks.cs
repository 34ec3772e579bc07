using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Reading the stored documents that nearly every request reads: the pool (standard schema, default settings) and
/// the user. The store reads the TEXT column as a .NET string and parses that; the UTF-8 variant parses the
/// column's bytes as SQLite holds them. PoolCopy is what the store's document cache does instead of a parse.
/// </summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    private string _pool = "";
    private byte[] _poolUtf8 = [];
    private UserPool _parsedPool = null!;
    private JsonCopier<UserPool> _copier = null!;
    private string _user = "";
    private byte[] _userUtf8 = [];

    [GlobalSetup]
    public void Setup()
    {
        _pool = JsonSerializer.Serialize(Fixture.NewPool(), CoreJson.Default.UserPool);
        _poolUtf8 = Encoding.UTF8.GetBytes(_pool);
        _parsedPool = JsonSerializer.Deserialize(_pool, CoreJson.Default.UserPool)!;
        _copier = JsonCopier<UserPool>.TryCreate(CoreJson.Default.UserPool)!;
        using var fixture = Fixture.CreateAsync().GetAwaiter().GetResult();
        _user = JsonSerializer.Serialize(fixture.User, CoreJson.Default.User);
        _userUtf8 = Encoding.UTF8.GetBytes(_user);
    }

    [Benchmark]
    public UserPool? PoolFromString() => JsonSerializer.Deserialize(_pool, CoreJson.Default.UserPool);

    [Benchmark]
    public UserPool? PoolFromUtf8() => JsonSerializer.Deserialize(_poolUtf8, CoreJson.Default.UserPool);

    /// <summary>What the store's document cache hands out instead of a parse: a deep copy of the parsed pool.</summary>
    [Benchmark]
    public UserPool PoolCopy() => _copier.Copy(_parsedPool);

    [Benchmark]
    public User? UserFromString() => JsonSerializer.Deserialize(_user, CoreJson.Default.User);

    [Benchmark]
    public User? UserFromUtf8() => JsonSerializer.Deserialize(_userUtf8, CoreJson.Default.User);
}
