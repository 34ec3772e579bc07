using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Authorizers;

internal sealed class GetAuthorizers(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<Authorizer>>(services)
{
    public override string Route => "/restapis/{restapi_id}/authorizers";

    protected override JsonTypeInfo<ItemPage<Authorizer>> ResponseType => ApiGatewayJson.Default.ItemPageAuthorizer;

    protected override async Task<ItemPage<Authorizer>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var ordered = api.Authorizers.OrderBy(a => a.Id, StringComparer.Ordinal);
        var (page, position) = Paging.Page(ordered, a => a.Id!, call.Query("position"), call.QueryInt("limit"));
        return new ItemPage<Authorizer>(page, position);
    }
}
