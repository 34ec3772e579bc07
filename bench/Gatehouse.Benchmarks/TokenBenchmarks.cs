using BenchmarkDotNet.Attributes;
using Gatehouse.Core.Tokens;

namespace Gatehouse.Benchmarks;

/// <summary>Issuing an ID and access token pair, and checking an access token the first time and from the cache.</summary>
[MemoryDiagnoser]
public class TokenBenchmarks : IDisposable
{
    private Fixture _fixture = null!;
    private TokenIssuer _issuer = null!;
    private TokenValidator _warm = null!;
    private string _accessToken = "";

    [GlobalSetup]
    public void Setup()
    {
        _fixture = Fixture.CreateAsync().GetAwaiter().GetResult();
        _issuer = _fixture.NewIssuer();
        _accessToken = Issue().GetAwaiter().GetResult().AccessToken;
        _warm = _fixture.NewValidator();
        var check = _warm.CheckAsync(_accessToken, "access", CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (!check.IsValid)
        {
            throw new InvalidOperationException($"The benchmark token is not valid: {check.Verdict}.");
        }
    }

    /// <summary>TokenIssuer.IssueAsync: two RS256 signatures (ID and access token) for a user with 6 attributes and 2 groups.</summary>
    [Benchmark]
    public Task<IssuedTokens> Issue() =>
        _issuer.IssueAsync(_fixture.Pool, _fixture.Client, _fixture.User, _fixture.Groups, _fixture.NewAuthEvent(), CancellationToken.None);

    /// <summary>
    /// First sight of a token: parse, key lookup, RSA verify, claims. A new validator each call has an empty cache
    /// (constructing it costs well under a microsecond of the total).
    /// </summary>
    [Benchmark]
    public ValueTask<TokenCheck> ValidateCold() => _fixture.NewValidator().CheckAsync(_accessToken, "access", CancellationToken.None);

    /// <summary>A token seen before: a dictionary hit by the token string, then token_use, exp and revocation.</summary>
    [Benchmark]
    public ValueTask<TokenCheck> ValidateWarm() => _warm.CheckAsync(_accessToken, "access", CancellationToken.None);

    [GlobalCleanup]
    public void Dispose()
    {
        _fixture?.Dispose();
        GC.SuppressFinalize(this);
    }
}
