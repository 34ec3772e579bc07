using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

internal sealed class DeleteUsagePlan(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/usageplans/{usageplanId}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var plan = await KeyCalls.PlanAsync(session, call).ConfigureAwait(false);
        await ApiKeyStore.DeletePlanAsync(session, plan.Id, call.CancellationToken).ConfigureAwait(false);
        await KeyCalls.CommitAsync(session, Services, call).ConfigureAwait(false);
    }
}
