using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Resources;

internal sealed class GetResources(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<Resource>>(services)
{
    public override string Route => "/restapis/{restapi_id}/resources";

    protected override JsonTypeInfo<ItemPage<Resource>> ResponseType => ApiGatewayJson.Default.ItemPageResource;

    protected override async Task<ItemPage<Resource>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var (page, position) = Paging.Page(ResourceTree.Ordered(api), r => r.Path!, call.Query("position"), call.QueryInt("limit"));
        var withMethods = call.Embeds("methods");
        return new ItemPage<Resource>([.. page.Select(r => ResourceTree.View(r, withMethods))], position);
    }
}
