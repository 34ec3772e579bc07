using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Deployments;

internal sealed class DeleteDeployment(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}/deployments/{deployment_id}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        Core.Gateway.Deployments.Delete(api, call.Uri("deployment_id"));
        await RestApiStore.DeleteDeploymentAsync(session, api.Id, call.Uri("deployment_id"), call.CancellationToken).ConfigureAwait(false);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
    }
}
