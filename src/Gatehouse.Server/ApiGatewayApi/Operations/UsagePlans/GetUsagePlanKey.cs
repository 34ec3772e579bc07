using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

internal sealed class GetUsagePlanKey(ApiGatewayServices services) : ApiGatewayQuery<UsagePlanKey>(services)
{
    public override string Route => "/usageplans/{usageplanId}/keys/{keyId}";

    protected override JsonTypeInfo<UsagePlanKey> ResponseType => ApiKeyWireJson.Default.UsagePlanKey;

    protected override async Task<UsagePlanKey> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var plan = await KeyCalls.PlanAsync(session, call).ConfigureAwait(false);
        var key = await KeyCalls.KeyAsync(session, call, "keyId").ConfigureAwait(false);
        return plan.KeyIds.Contains(key.Id!) ? Core.Gateway.ApiKeys.UsagePlans.KeyView(key) : throw Core.Gateway.ApiKeys.ApiKeys.NotFound();
    }
}
