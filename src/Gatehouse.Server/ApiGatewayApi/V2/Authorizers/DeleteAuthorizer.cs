using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Authorizers;

internal sealed class DeleteAuthorizer(ApiGatewayServices services) : HttpApiDeletion(services)
{
    public override string Route => "/v2/apis/{apiId}/authorizers/{authorizerId}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        HttpAuthorizers.Delete(api, call.Uri("authorizerId"));
        await Services.SaveHttpApiAsync(session, api, call, redeploy: true).ConfigureAwait(false);
    }
}
