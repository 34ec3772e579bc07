using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

/// <summary>The plan's keys in id order; <c>name</c> keeps those whose name starts with it.</summary>
internal sealed class GetUsagePlanKeys(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<UsagePlanKey>>(services)
{
    public override string Route => "/usageplans/{usageplanId}/keys";

    protected override JsonTypeInfo<ItemPage<UsagePlanKey>> ResponseType => ApiKeyWireJson.Default.ItemPageUsagePlanKey;

    protected override async Task<ItemPage<UsagePlanKey>> QueryAsync(ApiGatewayCall call)
    {
        var limit = call.QueryInt("limit");
        var name = call.Query("name");
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var plan = await KeyCalls.PlanAsync(session, call).ConfigureAwait(false);
        var keys = new List<UsagePlanKey>();
        foreach (var keyId in plan.KeyIds.Order(StringComparer.Ordinal))
        {
            if (await ApiKeyStore.FindKeyAsync(session, keyId, call.CancellationToken).ConfigureAwait(false) is { } key
                && (string.IsNullOrEmpty(name) || (key.Name?.StartsWith(name, StringComparison.Ordinal) ?? false)))
            {
                keys.Add(Core.Gateway.ApiKeys.UsagePlans.KeyView(key));
            }
        }

        var (page, position) = Paging.Page(keys, k => k.Id!, call.Query("position"), limit);
        return new ItemPage<UsagePlanKey>(page, position);
    }
}
