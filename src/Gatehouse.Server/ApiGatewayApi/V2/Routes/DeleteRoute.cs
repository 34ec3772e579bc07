using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Routes;

internal sealed class DeleteRoute(ApiGatewayServices services) : HttpApiDeletion(services)
{
    public override string Route => "/v2/apis/{apiId}/routes/{routeId}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        HttpRoutes.Delete(api, call.Uri("routeId"));
        await Services.SaveHttpApiAsync(session, api, call, redeploy: true).ConfigureAwait(false);
    }
}
