using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

internal sealed class GetUsagePlan(ApiGatewayServices services) : ApiGatewayQuery<UsagePlan>(services)
{
    public override string Route => "/usageplans/{usageplanId}";

    protected override JsonTypeInfo<UsagePlan> ResponseType => ApiKeyWireJson.Default.UsagePlan;

    protected override async Task<UsagePlan> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        return (await KeyCalls.PlanAsync(session, call).ConfigureAwait(false)).Plan;
    }
}
