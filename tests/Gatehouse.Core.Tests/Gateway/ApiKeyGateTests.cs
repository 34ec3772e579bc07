using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>The API key gate over a real store: key and plan checks, per-key throttles and quotas on a fake clock (a Sunday).</summary>
public sealed class ApiKeyGateTests : IDisposable
{
    private const string Api = "abcdefghij";
    private const string Value = "0123456789abcdefghijKLMNOP";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeClock _clock = new();
    private readonly SqliteStore _store;
    private readonly ApiKeyGate _gate;

    public ApiKeyGateTests()
    {
        _store = new SqliteStore(_directory) { CheckSharedReads = true };
        _gate = new ApiKeyGate(_store, _clock);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_key_in_a_plan_of_the_stage_passes_and_anything_else_is_Forbidden()
    {
        await SetUpAsync(new UsagePlan());

        var allowed = await CheckAsync();
        Assert.True(allowed.Allowed);
        Assert.Equal("key0000001", allowed.KeyId);

        Assert.Equal(ApiKeyDecision.Forbidden, await CheckAsync(value: null));
        Assert.Equal(ApiKeyDecision.Forbidden, await CheckAsync(value: ""));
        Assert.Equal(ApiKeyDecision.Forbidden, await CheckAsync(value: "not-a-key-value-at-all"));
        Assert.Equal(ApiKeyDecision.Forbidden, await CheckAsync(stage: "dev"));
        Assert.Equal(ApiKeyDecision.Forbidden, await CheckAsync(api: "otherapi12"));
        Assert.Equal((403, "INVALID_API_KEY", "Forbidden"), (ApiKeyDecision.Forbidden.StatusCode, ApiKeyDecision.Forbidden.ResponseType, ApiKeyDecision.Forbidden.Message));
    }

    [Fact]
    public async Task A_disabled_key_is_Forbidden_once_the_change_is_signalled()
    {
        await SetUpAsync(new UsagePlan());
        Assert.True((await CheckAsync()).Allowed);

        await WriteAsync(async session =>
        {
            var key = (await ApiKeyStore.FindKeyAsync(session, "key0000001", default))!;
            key.Enabled = false;
            await ApiKeyStore.SaveKeyAsync(session, key, default);
        });

        // The index is in memory: no store read per request, so the change shows only after Invalidate.
        Assert.True((await CheckAsync()).Allowed);
        _gate.Invalidate();
        Assert.Equal(ApiKeyDecision.Forbidden, await CheckAsync());
    }

    [Fact]
    public async Task A_key_removed_from_its_plan_is_Forbidden_after_the_rebuild()
    {
        await SetUpAsync(new UsagePlan());
        Assert.True((await CheckAsync()).Allowed);

        await WriteAsync(async session =>
        {
            var plan = (await ApiKeyStore.FindPlanAsync(session, "plan01", default))!;
            plan.KeyIds.Clear();
            await ApiKeyStore.SavePlanAsync(session, plan, default);
        });
        _gate.Invalidate();

        Assert.Equal(ApiKeyDecision.Forbidden, await CheckAsync());
    }

    [Fact]
    public async Task The_plan_throttle_is_per_key_and_refills()
    {
        await SetUpAsync(new UsagePlan { Throttle = new ThrottleSettings { RateLimit = 1, BurstLimit = 2 } });

        Assert.True((await CheckAsync()).Allowed);
        Assert.True((await CheckAsync(path: "/other")).Allowed);
        var throttled = await CheckAsync();
        Assert.Equal((false, 429, "THROTTLED", "Too Many Requests"), (throttled.Allowed, throttled.StatusCode, throttled.ResponseType, throttled.Message));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await CheckAsync()).Allowed);
        Assert.Equal(ApiKeyDecision.Throttled, await CheckAsync());
    }

    [Fact]
    public async Task A_method_throttle_in_the_plan_overrides_the_plan_throttle_for_that_method()
    {
        await SetUpAsync(
            new UsagePlan { Throttle = new ThrottleSettings { RateLimit = 100, BurstLimit = 100 } },
            new Dictionary<string, ThrottleSettings> { ["/news/DELETE"] = new() { RateLimit = 1, BurstLimit = 1 } });

        Assert.True((await CheckAsync(path: "/news", verb: "DELETE")).Allowed);
        Assert.Equal(ApiKeyDecision.Throttled, await CheckAsync(path: "/news", verb: "DELETE"));
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await CheckAsync(path: "/news", verb: "GET")).Allowed);
        }
    }

    [Fact]
    public async Task A_rate_without_a_burst_allows_one_second_of_it()
    {
        await SetUpAsync(new UsagePlan { Throttle = new ThrottleSettings { RateLimit = 2 } });
        Assert.True((await CheckAsync()).Allowed);
        Assert.True((await CheckAsync()).Allowed);
        Assert.Equal(ApiKeyDecision.Throttled, await CheckAsync());
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True((await CheckAsync()).Allowed);
    }

    [Fact]
    public async Task A_daily_quota_is_Limit_Exceeded_until_midnight_UTC()
    {
        await SetUpAsync(new UsagePlan { Quota = new QuotaSettings { Limit = 2, Period = "DAY", Offset = 0 } });

        Assert.True((await CheckAsync()).Allowed);
        Assert.True((await CheckAsync()).Allowed);
        var exceeded = await CheckAsync();
        Assert.Equal((false, 429, "QUOTA_EXCEEDED", "Limit Exceeded"), (exceeded.Allowed, exceeded.StatusCode, exceeded.ResponseType, exceeded.Message));

        _clock.Advance(TimeSpan.FromHours(11) + TimeSpan.FromMinutes(59));
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await CheckAsync()).Allowed);
    }

    [Fact]
    public async Task A_weekly_quota_starts_on_its_offset_weekday()
    {
        // Offset 1: weeks start on Monday; the clock is Sunday 12:00, so this week ends at midnight.
        await SetUpAsync(new UsagePlan { Quota = new QuotaSettings { Limit = 1, Period = "WEEK", Offset = 1 } });
        Assert.True((await CheckAsync()).Allowed);
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());
        _clock.Advance(TimeSpan.FromHours(12));
        Assert.True((await CheckAsync()).Allowed);
        _clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());
    }

    [Fact]
    public async Task A_monthly_quota_starts_on_day_offset_plus_one()
    {
        // Offset 24: months start on the 25th; on 22 November the period began on 25 October.
        await SetUpAsync(new UsagePlan { Quota = new QuotaSettings { Limit = 1, Period = "MONTH", Offset = 24 } });
        Assert.True((await CheckAsync()).Allowed);
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await CheckAsync()).Allowed);
    }

    [Fact]
    public async Task Granting_remaining_quota_lasts_until_the_period_ends()
    {
        var quota = new QuotaSettings { Limit = 2, Period = "DAY", Offset = 0 };
        await SetUpAsync(new UsagePlan { Quota = quota });
        Assert.True((await CheckAsync()).Allowed);
        Assert.True((await CheckAsync()).Allowed);
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());

        _gate.SetRemaining("key0000001", "plan01", quota, 3);
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        Assert.Equal([(today, 2L, (long?)3)], await _gate.UsageAsync("key0000001", "plan01", today, today, default));
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await CheckAsync()).Allowed);
        }

        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());

        // Tomorrow is a new period with the plan's own limit.
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await CheckAsync()).Allowed);
        Assert.True((await CheckAsync()).Allowed);
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());

        _gate.SetRemaining("key0000001", "plan01", quota, 0);
        _clock.Advance(TimeSpan.FromDays(1));
        _gate.SetRemaining("key0000001", "plan01", quota, 0);
        Assert.Equal(ApiKeyDecision.QuotaExceeded, await CheckAsync());
    }

    [Theory]
    [InlineData("DAY", 0, "2026-11-22", "2026-11-22", "2026-11-23")]
    [InlineData("WEEK", 0, "2026-11-22", "2026-11-22", "2026-11-29")]
    [InlineData("WEEK", 1, "2026-11-22", "2026-11-16", "2026-11-23")]
    [InlineData("WEEK", 6, "2026-11-22", "2026-11-21", "2026-11-28")]
    [InlineData("MONTH", 0, "2026-11-22", "2026-11-01", "2026-12-01")]
    [InlineData("MONTH", 21, "2026-11-22", "2026-11-22", "2026-12-22")]
    [InlineData("MONTH", 27, "2026-01-05", "2025-12-28", "2026-01-28")]
    public void Quota_periods_follow_period_and_offset(string period, int offset, string now, string start, string end)
    {
        var (s, e) = UsagePlans.Period(period, offset, DateTime.Parse(now, System.Globalization.CultureInfo.InvariantCulture).AddHours(13));
        Assert.Equal((start, end), (s.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), e.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Usage_counts_allowed_requests_per_day_with_what_the_quota_left()
    {
        await SetUpAsync(new UsagePlan { Quota = new QuotaSettings { Limit = 5, Period = "WEEK", Offset = 0 } });
        await CheckAsync();
        await CheckAsync();
        _clock.Advance(TimeSpan.FromDays(1));
        await CheckAsync();

        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var usage = await _gate.UsageAsync("key0000001", "plan01", today.AddDays(-2), today, default);
        Assert.Equal([(today.AddDays(-2), 0L, (long?)5), (today.AddDays(-1), 2L, 3L), (today, 1L, 2L)], usage);
    }

    [Fact]
    public async Task Concurrent_checks_during_a_rebuild_count_the_quota_exactly()
    {
        await SetUpAsync(new UsagePlan { Quota = new QuotaSettings { Limit = 100, Period = "DAY", Offset = 0 } });
        _gate.Invalidate();
        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => CheckAsync().AsTask()));
        Assert.Equal(100, decisions.Count(d => d.Allowed));
        Assert.Equal(100, decisions.Count(d => d == ApiKeyDecision.QuotaExceeded));
    }

    [Fact]
    public async Task A_check_on_a_current_index_completes_synchronously_without_allocating()
    {
        await SetUpAsync(
            new UsagePlan { Throttle = new ThrottleSettings { RateLimit = 1e9, BurstLimit = int.MaxValue }, Quota = new QuotaSettings { Limit = int.MaxValue, Period = "MONTH", Offset = 0 } },
            new Dictionary<string, ThrottleSettings> { ["/news/DELETE"] = new() { RateLimit = 1e9, BurstLimit = int.MaxValue } });
        for (var i = 0; i < 100; i++)
        {
            Assert.True((await CheckAsync()).Allowed);
            Assert.True((await CheckAsync(verb: "DELETE")).Allowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(AllowedAtOnce(CheckAsync()) && AllowedAtOnce(CheckAsync(verb: "DELETE")));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static bool AllowedAtOnce(ValueTask<ApiKeyDecision> check) => check.IsCompletedSuccessfully && check.Result.Allowed;

    private ValueTask<ApiKeyDecision> CheckAsync(string? value = Value, string api = Api, string stage = "prod", string path = "/news", string verb = "GET") =>
        _gate.CheckAsync(value, api, stage, path, verb, default);

    private async Task SetUpAsync(UsagePlan plan, Dictionary<string, ThrottleSettings>? methodThrottles = null)
    {
        await WriteAsync(async session =>
        {
            var api = new RestApiDefinition { Api = new RestApi { Id = Api, Name = "news" } };
            api.Stages.Add(new Stage { StageName = "prod", DeploymentId = "dep001" });
            api.Stages.Add(new Stage { StageName = "dev", DeploymentId = "dep001" });
            await RestApiStore.SaveAsync(session, api, default);
            await ApiKeyStore.SaveKeyAsync(session, new ApiKey { Id = "key0000001", Value = Value, Enabled = true }, default);
            plan.Id = "plan01";
            plan.Name = "basic";
            plan.ApiStages = [new ApiStage { ApiId = Api, Stage = "prod", Throttle = methodThrottles }];
            await ApiKeyStore.SavePlanAsync(session, new UsagePlanDefinition { Plan = plan, KeyIds = ["key0000001"] }, default);
        });
    }

    private async Task WriteAsync(Func<Storage.IStoreSession, Task> write)
    {
        await using var session = await _store.OpenAsync(write: true, default);
        await write(session);
        await session.CommitAsync(default);
    }
}
