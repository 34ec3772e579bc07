using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.Throttling;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>Token buckets, their keyed set and a stage's method throttling, on a fake clock.</summary>
public sealed class ThrottlingTests
{
    private readonly FakeClock _clock = new();

    [Fact]
    public void A_bucket_allows_its_burst_then_refills_at_its_rate()
    {
        var bucket = new TokenBucket(rate: 2, burst: 3, _clock.GetUtcNow().UtcTicks);

        Assert.Equal([true, true, true, false], Take(bucket, 2, 3, 4));
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(Take(bucket, 2, 3));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(Take(bucket, 2, 3));
        Assert.False(Take(bucket, 2, 3));

        // Idle for long: never more than the burst.
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal([true, true, true, false], Take(bucket, 2, 3, 4));
    }

    [Fact]
    public void A_zero_burst_throttles_everything_and_new_limits_apply_at_once()
    {
        var bucket = new TokenBucket(rate: 100, burst: 0, _clock.GetUtcNow().UtcTicks);
        Assert.False(Take(bucket, 100, 0));

        // Raising the burst keeps the tokens held (none) and refills from now on.
        Assert.False(Take(bucket, 10, 5));
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal([true, true, true, false], Take(bucket, 10, 5, 4));
    }

    [Fact]
    public void A_clock_set_back_refills_nothing()
    {
        var bucket = new TokenBucket(rate: 1, burst: 1, _clock.GetUtcNow().UtcTicks);
        Assert.True(Take(bucket, 1, 1));
        _clock.Advance(TimeSpan.FromSeconds(-10));
        Assert.False(Take(bucket, 1, 1));
    }

    [Fact]
    public void Keys_have_separate_buckets_and_idle_ones_are_dropped()
    {
        var limiters = new RateLimiters<(string, string)>(_clock);
        Assert.True(limiters.TryAcquire(("a", "x"), 1, 1));
        Assert.False(limiters.TryAcquire(("a", "x"), 1, 1));
        Assert.True(limiters.TryAcquire(("b", "x"), 1, 1));
        Assert.Equal(2, limiters.Count);

        _clock.Advance(RateLimiters<(string, string)>.IdleAfter);
        Assert.True(limiters.TryAcquire(("c", "x"), 1, 1));
        Assert.Equal(1, limiters.Count);
    }

    [Fact]
    public void A_bucket_that_refills_slowly_is_kept_until_it_would_be_full()
    {
        var limiters = new RateLimiters<string>(_clock);
        Assert.True(limiters.TryAcquire("slow", rate: 0.001, burst: 1));
        _clock.Advance(RateLimiters<string>.IdleAfter + TimeSpan.FromMinutes(1));
        Assert.False(limiters.TryAcquire("slow", rate: 0.001, burst: 1));
        Assert.True(limiters.TryAcquire("other", 1, 1));
        Assert.Equal(2, limiters.Count);
    }

    [Fact]
    public void Concurrent_acquires_never_exceed_the_burst()
    {
        var limiters = new RateLimiters<string>(_clock);
        var allowed = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (limiters.TryAcquire("k", rate: 0, burst: 1234))
            {
                Interlocked.Increment(ref allowed);
            }
        });

        Assert.Equal(1234, allowed);
    }

    [Fact]
    public void A_method_setting_overrides_the_stage_default_and_each_method_has_its_own_bucket()
    {
        var throttle = new StageThrottle(_clock);
        var stage = new Stage
        {
            StageName = "prod",
            MethodSettings = new()
            {
                ["*/*"] = new MethodSetting { ThrottlingRateLimit = 1, ThrottlingBurstLimit = 2 },
                ["~1news/DELETE"] = new MethodSetting { ThrottlingRateLimit = 1, ThrottlingBurstLimit = 1 },
                ["~1users~1{id}/GET"] = new MethodSetting { ThrottlingRateLimit = 1, ThrottlingBurstLimit = 3 },
                ["~1logs/GET"] = new MethodSetting { MetricsEnabled = true },
            },
        };

        Assert.Equal([true, false], Acquire(throttle, stage, "/news", "DELETE", 2));
        Assert.Equal([true, true, false], Acquire(throttle, stage, "/news", "GET", 3));
        Assert.Equal([true, true, true, false], Acquire(throttle, stage, "/users/{id}", "GET", 4));
        Assert.Equal([true, true, false], Acquire(throttle, stage, "/logs", "GET", 3));

        // Another stage of the same API, or another API, counts apart.
        Assert.Equal([true, true, false], Acquire(throttle, new Stage { StageName = "dev", MethodSettings = stage.MethodSettings }, "/news", "GET", 3));
        Assert.True(throttle.TryAcquire("other", stage, "/news", "DELETE"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([true, false], Acquire(throttle, stage, "/news", "DELETE", 2));
    }

    [Fact]
    public void Without_settings_only_the_account_limit_applies()
    {
        var throttle = new StageThrottle(_clock, accountRateLimit: 10, accountBurstLimit: 5);
        var stage = new Stage { StageName = "prod", MethodSettings = [] };

        Assert.Equal([true, true, true, false], Acquire(throttle, stage, "/a", "GET", 3).Concat(Acquire(throttle, new Stage { StageName = "x" }, "/b", "POST", 3)).Skip(2).ToArray());
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal([true, false], Acquire(throttle, stage, "/a", "GET", 2));
    }

    [Fact]
    public void A_stage_check_allocates_nothing_once_its_buckets_exist()
    {
        var throttle = new StageThrottle(_clock, accountRateLimit: 1e9, accountBurstLimit: int.MaxValue);
        var stage = new Stage { StageName = "prod", MethodSettings = new() { ["~1news/GET"] = new MethodSetting { ThrottlingRateLimit = 1e9, ThrottlingBurstLimit = int.MaxValue } } };
        for (var i = 0; i < 100; i++)
        {
            Assert.True(throttle.TryAcquire("api1234567", stage, "/news", "GET"));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(throttle.TryAcquire("api1234567", stage, "/news", "GET"));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private bool Take(TokenBucket bucket, double rate, int burst) => bucket.TryTake(rate, burst, _clock.GetUtcNow().UtcTicks);

    private bool[] Take(TokenBucket bucket, double rate, int burst, int times) => [.. Enumerable.Range(0, times).Select(_ => Take(bucket, rate, burst))];

    private static bool[] Acquire(StageThrottle throttle, Stage stage, string path, string verb, int times) =>
        [.. Enumerable.Range(0, times).Select(_ => throttle.TryAcquire("api1234567", stage, path, verb))];
}
