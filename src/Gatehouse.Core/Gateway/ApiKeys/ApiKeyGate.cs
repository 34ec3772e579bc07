using System.Collections.Concurrent;
using Gatehouse.Core.Gateway.Throttling;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Gateway.ApiKeys;

/// <summary>
/// The API key check of a method with <c>apiKeyRequired</c>: the key (the <c>x-api-key</c> header's value) must exist,
/// be enabled and be in a usage plan covering the API's stage; then that plan's per-key throttle (a method's own
/// throttle in the plan, else the plan's) and quota apply. Keys and plans come from an in-memory index loaded from the
/// store and rebuilt on the first check after <see cref="Invalidate"/> (which every management write of keys and plans
/// calls), so a check does no I/O. Quota counts live in memory: a restart starts every period afresh.
/// </summary>
public sealed class ApiKeyGate(IGatehouseStore store, TimeProvider time)
{
    private readonly RateLimiters<(string KeyId, string PlanId, string Path, string Verb)> _throttles = new(time);
    private readonly ConcurrentDictionary<(string KeyId, string PlanId), QuotaCounter> _quotas = new();
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private long _version;
    private volatile Index? _index;

    /// <summary>Marks the index stale; call after committing any change to API keys or usage plans.</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

    /// <summary>Decides one request to <paramref name="httpMethod"/> (as declared) on <paramref name="resourcePath"/> (the resource's path template).</summary>
    public ValueTask<ApiKeyDecision> CheckAsync(string? apiKeyValue, string restApiId, string stage, string resourcePath, string httpMethod, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(apiKeyValue))
        {
            return ValueTask.FromResult(ApiKeyDecision.Forbidden);
        }

        var index = _index;
        return index is not null && index.Version == Interlocked.Read(ref _version)
            ? ValueTask.FromResult(Decide(index, apiKeyValue, restApiId, stage, resourcePath, httpMethod))
            : RebuildAndCheckAsync(apiKeyValue, restApiId, stage, resourcePath, httpMethod, cancellationToken);
    }

    /// <summary>
    /// Requests counted for a key in a plan on each UTC day from <paramref name="from"/> to <paramref name="to"/>
    /// (inclusive), with what remained of the quota at the end of that day (null without a quota).
    /// </summary>
    public async Task<List<(DateOnly Day, long Used, long? Remaining)>> UsageAsync(string keyId, string planId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var index = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        var quota = index.Quotas.GetValueOrDefault(planId);
        var counter = _quotas.GetValueOrDefault((keyId, planId));
        var days = new List<(DateOnly, long, long?)>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var used = counter?.UsedOn(day) ?? 0;
            long? remaining = null;
            if (quota is { } q)
            {
                var (start, end) = UsagePlans.Period(q.Period, q.Offset, day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                var inPeriod = 0L;
                for (var d = DateOnly.FromDateTime(start); d <= day; d = d.AddDays(1))
                {
                    inPeriod += counter?.UsedOn(d) ?? 0;
                }

                remaining = Math.Max(0, q.Limit + (counter?.GrantedFor(end) ?? 0) - inPeriod);
            }

            days.Add((day, used, remaining));
        }

        return days;
    }

    /// <summary>
    /// <c>UpdateUsage</c>: what remains of the key's quota in the plan's current period becomes
    /// <paramref name="remaining"/> (more or less than the plan's limit allows), until the period ends.
    /// </summary>
    public void SetRemaining(string keyId, string planId, QuotaSettings quota, long remaining) =>
        _quotas.GetOrAdd((keyId, planId), static _ => new QuotaCounter())
            .SetRemaining(new Quota(quota.Limit ?? 0, quota.Period ?? "DAY", quota.Offset ?? 0), remaining, time.GetUtcNow().UtcDateTime);

    private async ValueTask<ApiKeyDecision> RebuildAndCheckAsync(string apiKeyValue, string restApiId, string stage, string resourcePath, string httpMethod, CancellationToken cancellationToken)
    {
        var index = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return Decide(index, apiKeyValue, restApiId, stage, resourcePath, httpMethod);
    }

    private async Task<Index> CurrentAsync(CancellationToken cancellationToken)
    {
        await _rebuild.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Read before loading: a write committed during the load bumps it again, and the next check reloads.
            var version = Interlocked.Read(ref _version);
            if (_index is { } current && current.Version == version)
            {
                return current;
            }

            await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
            var keys = await ApiKeyStore.ListKeysAsync(session, cancellationToken).ConfigureAwait(false);
            var plans = await ApiKeyStore.ListPlansAsync(session, cancellationToken).ConfigureAwait(false);
            var index = Index.Build(version, keys, plans);
            _index = index;
            return index;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private ApiKeyDecision Decide(Index index, string apiKeyValue, string restApiId, string stage, string resourcePath, string httpMethod)
    {
        if (!index.ByValue.TryGetValue(apiKeyValue, out var key) || !key.Enabled || !key.Stages.TryGetValue((restApiId, stage), out var plan))
        {
            return ApiKeyDecision.Forbidden;
        }

        if (plan.MethodThrottles.TryGetValue((resourcePath, httpMethod), out var method))
        {
            if (!_throttles.TryAcquire((key.Id, plan.PlanId, resourcePath, httpMethod), method.Rate, method.Burst))
            {
                return ApiKeyDecision.Throttled;
            }
        }
        else if (plan.Throttle is { } throttle && !_throttles.TryAcquire((key.Id, plan.PlanId, "", ""), throttle.Rate, throttle.Burst))
        {
            return ApiKeyDecision.Throttled;
        }

        var counter = _quotas.GetOrAdd((key.Id, plan.PlanId), static _ => new QuotaCounter());
        return counter.TryCount(plan.Quota, time.GetUtcNow().UtcDateTime) ? key.Allowed : ApiKeyDecision.QuotaExceeded;
    }

    internal readonly record struct Quota(long Limit, string Period, int Offset);

    /// <summary>One usage plan as it applies to one of its stages.</summary>
    private sealed record PlanStage(
        string PlanId, (double Rate, int Burst)? Throttle, Quota? Quota, Dictionary<(string Path, string Verb), (double Rate, int Burst)> MethodThrottles);

    private sealed record KeyEntry(string Id, bool Enabled, Dictionary<(string ApiId, string Stage), PlanStage> Stages)
    {
        public ApiKeyDecision Allowed { get; } = ApiKeyDecision.Allow(Id);
    }

    private sealed class Index
    {
        public required long Version { get; init; }
        public required Dictionary<string, KeyEntry> ByValue { get; init; }
        public required Dictionary<string, Quota> Quotas { get; init; }

        public static Index Build(long version, List<ApiKey> keys, List<UsagePlanDefinition> plans)
        {
            var stagesOfKey = new Dictionary<string, Dictionary<(string, string), PlanStage>>(StringComparer.Ordinal);
            var quotas = new Dictionary<string, Quota>(StringComparer.Ordinal);
            foreach (var definition in plans)
            {
                var plan = definition.Plan;
                Quota? quota = plan.Quota is { Limit: { } limit, Period: { } period } q ? new Quota(limit, period, q.Offset ?? 0) : null;
                if (quota is { } found)
                {
                    quotas[definition.Id] = found;
                }

                var throttle = Limits(plan.Throttle);
                foreach (var stage in plan.ApiStages ?? [])
                {
                    var methods = new Dictionary<(string, string), (double, int)>();
                    foreach (var (methodKey, settings) in stage.Throttle ?? [])
                    {
                        if (UsagePlans.MethodKey(methodKey) is { } parsed && Limits(settings) is { } limits)
                        {
                            methods[parsed] = limits;
                        }
                    }

                    var entry = new PlanStage(definition.Id, throttle, quota, methods);
                    foreach (var keyId in definition.KeyIds)
                    {
                        var stages = stagesOfKey.TryGetValue(keyId, out var s) ? s : stagesOfKey[keyId] = [];
                        stages.TryAdd((stage.ApiId!, stage.Stage!), entry);
                    }
                }
            }

            var byValue = new Dictionary<string, KeyEntry>(StringComparer.Ordinal);
            foreach (var key in keys.Where(k => k.Value is not null))
            {
                byValue[key.Value!] = new KeyEntry(key.Id!, key.Enabled == true, stagesOfKey.GetValueOrDefault(key.Id!) ?? []);
            }

            return new Index { Version = version, ByValue = byValue, Quotas = quotas };
        }

        // A throttle with neither limit set throttles nothing. With one alone, the other is one second's worth of it:
        // a rate without a burst must not let everything through, nor a burst without a rate block for ever.
        private static (double Rate, int Burst)? Limits(ThrottleSettings? settings) => settings switch
        {
            null or { RateLimit: null, BurstLimit: null } => null,
            { RateLimit: { } rate, BurstLimit: null } => (rate, (int)Math.Clamp(Math.Ceiling(rate), 1, int.MaxValue)),
            { RateLimit: null, BurstLimit: { } burst } => (burst, burst),
            _ => (settings.RateLimit!.Value, settings.BurstLimit!.Value),
        };
    }

    /// <summary>A key's requests in one plan: the current quota period's count, and a count per UTC day for <c>GetUsage</c>.</summary>
    private sealed class QuotaCounter
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<DateOnly, long> _days = [];
        private DateTime _periodEnd = DateTime.MinValue;
        private Quota? _periodOf;
        private long _count;

        // Extra requests UpdateUsage granted (or, negative, took) for the current period only.
        private long _granted;

        public bool TryCount(Quota? quota, DateTime now)
        {
            lock (_gate)
            {
                if (quota is { } q)
                {
                    Roll(q, now);
                    if (_count >= q.Limit + _granted)
                    {
                        return false;
                    }

                    _count++;
                }

                var day = DateOnly.FromDateTime(now);
                _days[day] = _days.GetValueOrDefault(day) + 1;
                return true;
            }
        }

        /// <summary>Makes what remains of the current period <paramref name="remaining"/>.</summary>
        public void SetRemaining(Quota quota, long remaining, DateTime now)
        {
            lock (_gate)
            {
                Roll(quota, now);
                _granted = remaining - (quota.Limit - _count);
            }
        }

        /// <summary>What UpdateUsage granted for the period ending at <paramref name="periodEnd"/>.</summary>
        public long GrantedFor(DateTime periodEnd)
        {
            lock (_gate)
            {
                return periodEnd == _periodEnd ? _granted : 0;
            }
        }

        public long UsedOn(DateOnly day)
        {
            lock (_gate)
            {
                return _days.GetValueOrDefault(day);
            }
        }

        // A new period, a plan whose period changed, or a clock set back: count from the period now holds.
        private void Roll(Quota quota, DateTime now)
        {
            if (now < _periodEnd && now >= _periodEnd.AddDays(-31) && _periodOf is { } of && of.Period == quota.Period && of.Offset == quota.Offset)
            {
                return;
            }

            var end = UsagePlans.Period(quota.Period, quota.Offset, now).End;
            if (end != _periodEnd)
            {
                _count = 0;
                _granted = 0;
            }

            _periodEnd = end;
            _periodOf = quota;
        }
    }
}
