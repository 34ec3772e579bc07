using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Routes;

internal sealed class GetRoutes(ApiGatewayServices services) : HttpApiQuery<ItemsPage<HttpRoute>>(services)
{
    public override string Route => "/v2/apis/{apiId}/routes";

    protected override JsonTypeInfo<ItemsPage<HttpRoute>> ResponseType => ApiGatewayV2Json.Default.ItemsPageHttpRoute;

    protected override async Task<ItemsPage<HttpRoute>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpApiCalls.Page(api.Routes.OrderBy(i => i.RouteId, StringComparer.Ordinal), i => i.RouteId!, call);
    }
}
