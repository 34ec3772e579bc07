using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.GatewayResponses;

/// <summary>All 21 types in one page: AWS documents the collection as not paginated.</summary>
internal sealed class GetGatewayResponses(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<GatewayResponse>>(services)
{
    public override string Route => "/restapis/{restapi_id}/gatewayresponses";

    protected override JsonTypeInfo<ItemPage<GatewayResponse>> ResponseType => ApiGatewayJson.Default.ItemPageGatewayResponse;

    protected override async Task<ItemPage<GatewayResponse>> QueryAsync(ApiGatewayCall call)
    {
        Paging.Limit(call.QueryInt("limit"));
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        return new ItemPage<GatewayResponse>(Core.Gateway.GatewayResponses.List(api));
    }
}
