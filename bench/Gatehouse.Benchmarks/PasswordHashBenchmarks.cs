using BenchmarkDotNet.Attributes;
using Gatehouse.Core.Auth;

namespace Gatehouse.Benchmarks;

/// <summary>PBKDF2-HMAC-SHA256 at the production cost (600,000 iterations) and at the development cost (1,000).</summary>
[MemoryDiagnoser]
public class PasswordHashBenchmarks
{
    private const string Password = "Correct-Horse-9-Battery";
    private PasswordHasher _hasher = null!;
    private string _stored = "";

    [Params(PasswordHasher.ProductionIterations, 1000)]
    public int Iterations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _hasher = new PasswordHasher(Iterations);
        _stored = _hasher.Hash(Password);
    }

    [Benchmark]
    public string Hash() => _hasher.Hash(Password);

    [Benchmark]
    public bool Verify() => PasswordHasher.Verify(Password, _stored);
}
