using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.RestApis;

internal sealed class GetRestApis(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<RestApi>>(services)
{
    public override string Route => "/restapis";

    protected override JsonTypeInfo<ItemPage<RestApi>> ResponseType => ApiGatewayJson.Default.ItemPageRestApi;

    protected override async Task<ItemPage<RestApi>> QueryAsync(ApiGatewayCall call)
    {
        var limit = Paging.Limit(call.QueryInt("limit"));
        var after = Paging.Decode(call.Query("position"));
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var apis = await RestApiStore.ListAsync(session, after, limit + 1, call.CancellationToken).ConfigureAwait(false);
        var (page, position) = Paging.Page(apis, a => a.Id, null, limit);
        return new ItemPage<RestApi>([.. page.Select(a => a.Api)], position);
    }
}
