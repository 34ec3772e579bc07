using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Routes;

internal sealed class UpdateRoute(ApiGatewayServices services) : HttpApiOperation<HttpRoute, HttpRoute>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/v2/apis/{apiId}/routes/{routeId}";

    protected override JsonTypeInfo<HttpRoute> RequestType => ApiGatewayV2Json.Default.HttpRoute;

    protected override JsonTypeInfo<HttpRoute> ResponseType => ApiGatewayV2Json.Default.HttpRoute;

    protected override async Task<HttpRoute?> HandleAsync(HttpRoute request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var updated = HttpRoutes.Update(api, call.Uri("routeId"), request);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: true).ConfigureAwait(false);
        return updated;
    }
}
