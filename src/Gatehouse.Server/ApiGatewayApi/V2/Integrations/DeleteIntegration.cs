using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Integrations;

internal sealed class DeleteIntegration(ApiGatewayServices services) : HttpApiDeletion(services)
{
    public override string Route => "/v2/apis/{apiId}/integrations/{integrationId}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        HttpIntegrations.Delete(api, call.Uri("integrationId"));
        await Services.SaveHttpApiAsync(session, api, call, redeploy: true).ConfigureAwait(false);
    }
}
