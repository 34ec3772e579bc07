using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

/// <summary>Grants a key more (or less) of its quota for the current period; answers the key's usage today.</summary>
internal sealed class UpdateUsage(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, UsageOutput>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/usageplans/{usageplanId}/keys/{keyId}/usage";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<UsageOutput> ResponseType => ApiKeyWireJson.Default.UsageOutput;

    protected override async Task<UsageOutput?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var plan = await KeyCalls.PlanAsync(session, call).ConfigureAwait(false);
        var keyId = call.Uri("keyId");
        if (!plan.KeyIds.Contains(keyId))
        {
            throw Core.Gateway.ApiKeys.ApiKeys.NotFound();
        }

        var remaining = Core.Gateway.ApiKeys.UsagePlans.Remaining(plan, request.PatchOperations);
        Services.ApiKeys.SetRemaining(keyId, plan.Id, plan.Plan.Quota!, remaining);
        var today = DateOnly.FromDateTime(Services.Now.UtcDateTime);
        var days = await Services.ApiKeys.UsageAsync(keyId, plan.Id, today, today, call.CancellationToken).ConfigureAwait(false);
        var text = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new UsageOutput
        {
            UsagePlanId = plan.Id,
            StartDate = text,
            EndDate = text,
            Items = { [keyId] = [.. days.Select(d => new List<long> { d.Used, d.Remaining ?? 0 })] },
        };
    }
}
