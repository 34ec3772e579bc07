using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

/// <summary>Keys in id order; <c>name</c> keeps those whose name starts with it, <c>customerId</c> those of that customer.</summary>
internal sealed class GetApiKeys(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<ApiKey>>(services)
{
    public override string Route => "/apikeys";

    protected override JsonTypeInfo<ItemPage<ApiKey>> ResponseType => ApiKeyWireJson.Default.ItemPageApiKey;

    protected override async Task<ItemPage<ApiKey>> QueryAsync(ApiGatewayCall call)
    {
        var limit = call.QueryInt("limit");
        var name = call.Query("name");
        var customerId = call.Query("customerId");
        var includeValues = KeyCalls.QueryBool(call, "includeValues");
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var keys = (await ApiKeyStore.ListKeysAsync(session, call.CancellationToken).ConfigureAwait(false))
            .Where(k => string.IsNullOrEmpty(name) || (k.Name?.StartsWith(name, StringComparison.Ordinal) ?? false))
            .Where(k => string.IsNullOrEmpty(customerId) || k.CustomerId == customerId);
        var (page, position) = Paging.Page(keys, k => k.Id!, call.Query("position"), limit);
        return new ItemPage<ApiKey>([.. page.Select(k => Core.Gateway.ApiKeys.ApiKeys.View(k, includeValues))], position);
    }
}
