using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

/// <summary>
/// Each key's <c>[used, remaining]</c> per UTC day from <c>startDate</c> to <c>endDate</c>, from the gateway's in-memory
/// counters (so since the last start); <c>remaining</c> is what the plan's quota left at the end of that day, or 0 without a quota.
/// </summary>
internal sealed class GetUsage(ApiGatewayServices services) : ApiGatewayQuery<UsageOutput>(services)
{
    private const int MaxDays = 90;

    public override string Route => "/usageplans/{usageplanId}/usage";

    protected override JsonTypeInfo<UsageOutput> ResponseType => ApiKeyWireJson.Default.UsageOutput;

    protected override async Task<UsageOutput> QueryAsync(ApiGatewayCall call)
    {
        var start = Date(call.Query("startDate"), "startDate");
        var end = Date(call.Query("endDate"), "endDate");
        if (end < start)
        {
            throw ApiGatewayException.BadRequest("The end date must not be before the start date");
        }

        if (end.DayNumber - start.DayNumber >= MaxDays)
        {
            throw ApiGatewayException.BadRequest($"The date range must not exceed {MaxDays} days");
        }

        var keyId = call.Query("keyId");
        var limit = call.QueryInt("limit");
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var plan = await KeyCalls.PlanAsync(session, call).ConfigureAwait(false);
        var keys = plan.KeyIds.Where(k => string.IsNullOrEmpty(keyId) || k == keyId).Order(StringComparer.Ordinal);
        var (page, position) = Paging.Page(keys, k => k, call.Query("position"), limit);
        var output = new UsageOutput { UsagePlanId = plan.Id, StartDate = Text(start), EndDate = Text(end), Position = position };
        foreach (var key in page)
        {
            var days = await Services.ApiKeys.UsageAsync(key, plan.Id, start, end, call.CancellationToken).ConfigureAwait(false);
            output.Items[key] = [.. days.Select(d => new List<long> { d.Used, d.Remaining ?? 0 })];
        }

        return output;
    }

    private static DateOnly Date(string? value, string name) =>
        value is null
            ? throw ApiGatewayException.BadRequest($"The {name} parameter is required")
            : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw ApiGatewayException.BadRequest($"Invalid {name} specified: {value}. Must be yyyy-MM-dd");

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
