using System.Collections.Concurrent;

namespace Gatehouse.Core.Gateway.Throttling;

/// <summary>
/// Token buckets by key (a stage's method, an API key's plan, ...), created full on first use and dropped once idle
/// long enough to have refilled, so the set stays as small as the traffic. The key is a value (a tuple of strings,
/// say) so the hot path builds no string; lookups allocate nothing once a key's bucket exists.
/// </summary>
/// <typeparam name="TKey">What a bucket belongs to.</typeparam>
public sealed class RateLimiters<TKey>(TimeProvider time)
    where TKey : notnull, IEquatable<TKey>
{
    /// <summary>How often at most the set looks for idle buckets.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>A bucket is dropped after this long unused, or longer if it takes longer to refill.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<TKey, TokenBucket> _buckets = new();
    private long _nextSweep = time.GetUtcNow().UtcTicks + SweepInterval.Ticks;

    /// <summary>Buckets currently held (for tests and diagnostics).</summary>
    public int Count => _buckets.Count;

    /// <summary>Takes a token from <paramref name="key"/>'s bucket (<paramref name="rate"/> a second, <paramref name="burst"/> at most).</summary>
    public bool TryAcquire(TKey key, double rate, int burst)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (now >= Interlocked.Read(ref _nextSweep))
        {
            Sweep(now);
        }

        var bucket = _buckets.GetOrAdd(key, static (_, state) => new TokenBucket(state.Rate, state.Burst, state.Now), (Rate: rate, Burst: burst, Now: now));
        return bucket.TryTake(rate, burst, now);
    }

    /// <summary>Drops every bucket (limits changed wholesale, or a test wants a clean slate).</summary>
    public void Clear() => _buckets.Clear();

    private void Sweep(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + SweepInterval.Ticks, due) != due)
        {
            return;
        }

        foreach (var entry in _buckets)
        {
            var idle = now - entry.Value.LastUsedTicks;
            if (idle >= IdleAfter.Ticks && idle >= entry.Value.RefillTicks)
            {
                // Only this bucket: one created meanwhile under the same key stays.
                _buckets.TryRemove(entry);
            }
        }
    }
}
