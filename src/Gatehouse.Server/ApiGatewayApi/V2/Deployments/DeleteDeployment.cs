using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Deployments;

internal sealed class DeleteDeployment(ApiGatewayServices services) : HttpApiDeletion(services)
{
    public override string Route => "/v2/apis/{apiId}/deployments/{deploymentId}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var deploymentId = call.Uri("deploymentId");
        HttpDeployments.Delete(api, deploymentId);
        await HttpApiStore.DeleteDeploymentAsync(session, api.Id, deploymentId, call.CancellationToken).ConfigureAwait(false);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: false).ConfigureAwait(false);
    }
}
