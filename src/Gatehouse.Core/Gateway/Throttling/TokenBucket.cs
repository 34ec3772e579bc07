namespace Gatehouse.Core.Gateway.Throttling;

/// <summary>
/// A token bucket: it holds at most <c>burst</c> tokens, starts full, and refills at <c>rate</c> tokens a second; each
/// request takes one token or is throttled. Time is whatever clock the caller reads (UTC ticks), so a fake clock
/// drives it in tests. Thread-safe; no allocation per call.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private double _tokens;
    private long _refilledAt;
    private double _rate;
    private int _burst;

    /// <summary>A full bucket as of <paramref name="nowTicks"/>.</summary>
    public TokenBucket(double rate, int burst, long nowTicks)
    {
        _rate = Math.Max(rate, 0);
        _burst = Math.Max(burst, 0);
        _tokens = _burst;
        _refilledAt = nowTicks;
        LastUsedTicks = nowTicks;
    }

    /// <summary>When a request last asked this bucket; a bucket idle long enough is full again, so dropping it loses nothing.</summary>
    public long LastUsedTicks { get; private set; }

    /// <summary>The ticks an empty bucket takes to fill up again; <see cref="long.MaxValue"/> when it never refills.</summary>
    public long RefillTicks
    {
        get
        {
            lock (_gate)
            {
                return _rate <= 0 ? long.MaxValue : (long)Math.Min(_burst / _rate * TimeSpan.TicksPerSecond, long.MaxValue / 2);
            }
        }
    }

    /// <summary>Takes one token if there is one. New limits (an updated stage or plan) apply at once, keeping the tokens held.</summary>
    public bool TryTake(double rate, int burst, long nowTicks)
    {
        lock (_gate)
        {
            if (rate != _rate || burst != _burst)
            {
                Refill(nowTicks);
                _rate = Math.Max(rate, 0);
                _burst = Math.Max(burst, 0);
                _tokens = Math.Min(_tokens, _burst);
            }

            Refill(nowTicks);
            LastUsedTicks = Math.Max(LastUsedTicks, nowTicks);
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return true;
            }

            return false;
        }
    }

    // A clock that steps back refills nothing rather than draining.
    private void Refill(long nowTicks)
    {
        var elapsed = nowTicks - _refilledAt;
        if (elapsed <= 0)
        {
            return;
        }

        _tokens = Math.Min(_burst, _tokens + (elapsed * _rate / TimeSpan.TicksPerSecond));
        _refilledAt = nowTicks;
    }
}
