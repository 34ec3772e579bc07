using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Deployments;

internal sealed class GetDeployments(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<Deployment>>(services)
{
    public override string Route => "/restapis/{restapi_id}/deployments";

    protected override JsonTypeInfo<ItemPage<Deployment>> ResponseType => ApiGatewayJson.Default.ItemPageDeployment;

    protected override async Task<ItemPage<Deployment>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var (page, position) = Paging.Page(Core.Gateway.Deployments.Ordered(api), Core.Gateway.Deployments.Key, call.Query("position"), call.QueryInt("limit"));
        return new ItemPage<Deployment>(page, position);
    }
}
