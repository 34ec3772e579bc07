using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

internal sealed class UpdateUsagePlan(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, UsagePlan>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/usageplans/{usageplanId}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<UsagePlan> ResponseType => ApiKeyWireJson.Default.UsagePlan;

    protected override async Task<UsagePlan?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var plan = await KeyCalls.PlanAsync(session, call).ConfigureAwait(false);
        await Core.Gateway.ApiKeys.UsagePlans.UpdateAsync(session, plan, request.PatchOperations, Services.AccountId, call.CancellationToken).ConfigureAwait(false);
        await ApiKeyStore.SavePlanAsync(session, plan, call.CancellationToken).ConfigureAwait(false);
        await KeyCalls.CommitAsync(session, Services, call).ConfigureAwait(false);
        return plan.Plan;
    }
}
