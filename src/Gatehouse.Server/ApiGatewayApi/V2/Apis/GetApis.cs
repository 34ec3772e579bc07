using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

internal sealed class GetApis(ApiGatewayServices services) : HttpApiQuery<ItemsPage<HttpApi>>(services)
{
    public override string Route => "/v2/apis";

    protected override JsonTypeInfo<ItemsPage<HttpApi>> ResponseType => ApiGatewayV2Json.Default.ItemsPageHttpApi;

    protected override async Task<ItemsPage<HttpApi>> QueryAsync(ApiGatewayCall call)
    {
        var limit = Core.Gateway.Paging.Limit(HttpApiCalls.MaxResults(call));
        var after = Core.Gateway.Paging.Decode(call.Query("nextToken"));
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var apis = await HttpApiStore.ListAsync(session, after, limit + 1, call.CancellationToken).ConfigureAwait(false);
        var (page, next) = Core.Gateway.Paging.Page(apis, a => a.Id, null, limit);
        return new ItemsPage<HttpApi>([.. page.Select(a => a.Answer(call))], next);
    }
}
