using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

internal sealed class DeleteUsagePlanKey(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/usageplans/{usageplanId}/keys/{keyId}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var plan = await KeyCalls.PlanAsync(session, call).ConfigureAwait(false);
        if (!plan.KeyIds.Remove(call.Uri("keyId")))
        {
            throw Core.Gateway.ApiKeys.ApiKeys.NotFound();
        }

        await ApiKeyStore.SavePlanAsync(session, plan, call.CancellationToken).ConfigureAwait(false);
        await KeyCalls.CommitAsync(session, Services, call).ConfigureAwait(false);
    }
}
