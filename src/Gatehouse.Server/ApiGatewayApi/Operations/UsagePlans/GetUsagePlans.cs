using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

/// <summary>Plans in id order; <c>keyId</c> keeps those holding that key.</summary>
internal sealed class GetUsagePlans(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<UsagePlan>>(services)
{
    public override string Route => "/usageplans";

    protected override JsonTypeInfo<ItemPage<UsagePlan>> ResponseType => ApiKeyWireJson.Default.ItemPageUsagePlan;

    protected override async Task<ItemPage<UsagePlan>> QueryAsync(ApiGatewayCall call)
    {
        var limit = call.QueryInt("limit");
        var keyId = call.Query("keyId");
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var plans = (await ApiKeyStore.ListPlansAsync(session, call.CancellationToken).ConfigureAwait(false))
            .Where(p => string.IsNullOrEmpty(keyId) || p.KeyIds.Contains(keyId));
        var (page, position) = Paging.Page(plans, p => p.Id, call.Query("position"), limit);
        return new ItemPage<UsagePlan>([.. page.Select(p => p.Plan)], position);
    }
}
