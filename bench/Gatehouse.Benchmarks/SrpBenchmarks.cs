using BenchmarkDotNet.Attributes;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Auth.Srp;
using Gatehouse.Tests;

namespace Gatehouse.Benchmarks;

/// <summary>
/// What one SRP sign-in costs each side, next to the PBKDF2 verify of a USER_PASSWORD_AUTH sign-in at the production
/// cost. Server: <see cref="SrpServerSession.Start"/> (B = k·v + g^b, the challenge) and
/// <see cref="SrpServerSession.Verify"/> (S = (A·v^u)^b, HKDF, HMAC). Client, as amazon-cognito-identity-js computes it
/// (tests/Shared/ReferenceSrpClient.cs): A = g^a with a 1024-bit a, then the signature (g^x and S = (B - k·g^x)^(a+u·x)).
/// </summary>
[MemoryDiagnoser]
public class SrpBenchmarks
{
    private const string PoolName = "Bench0001";
    private const string UserId = "loaduser";
    private const string Password = "Load-Test-Passw0rd!";

    private readonly TimeProvider _time = new FixedTime(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private SrpVerifier _verifier = null!;
    private SrpServerSession _session = null!;
    private ReferenceSrpClient _client = null!;
    private byte[] _secretBlock = [];
    private string _timestamp = "";
    private string _signature = "";
    private string _stored = "";

    [GlobalSetup]
    public void Setup()
    {
        _verifier = SrpVerifier.Create(PoolName, UserId, Password);
        _session = SrpServerSession.Start(_verifier);
        _client = new ReferenceSrpClient();
        _secretBlock = System.Security.Cryptography.RandomNumberGenerator.GetBytes(700);
        _timestamp = SrpTimestamp.Format(_time.GetUtcNow());
        _signature = ClientSignature();
        _stored = new PasswordHasher(PasswordHasher.ProductionIterations).Hash(Password);
        if (ServerVerify() != SrpClaimResult.Valid)
        {
            throw new InvalidOperationException("The reference client's signature did not verify.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool PasswordVerify600k() => PasswordHasher.Verify(Password, _stored);

    [Benchmark]
    public string ServerStart() => SrpServerSession.Start(_verifier).PublicBHex;

    [Benchmark]
    public SrpClaimResult ServerVerify() =>
        _session.Verify(PoolName, UserId, _client.SrpA, _secretBlock, _timestamp, _signature, _time);

    [Benchmark]
    public string ClientStart() => new ReferenceSrpClient().SrpA;

    [Benchmark]
    public string ClientSignature() =>
        _client.Signature(PoolName, UserId, Password, _session.PublicBHex, _session.SaltHex, Convert.ToBase64String(_secretBlock), _timestamp);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
