using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Routes;

internal sealed class GetRoute(ApiGatewayServices services) : HttpApiQuery<HttpRoute>(services)
{
    public override string Route => "/v2/apis/{apiId}/routes/{routeId}";

    protected override JsonTypeInfo<HttpRoute> ResponseType => ApiGatewayV2Json.Default.HttpRoute;

    protected override async Task<HttpRoute> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpRoutes.Get(api, call.Uri("routeId"));
    }
}
