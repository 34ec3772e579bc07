using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Deployments;

internal sealed class UpdateDeployment(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, Deployment>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/deployments/{deployment_id}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<Deployment> ResponseType => ApiGatewayJson.Default.Deployment;

    protected override async Task<Deployment?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var deployment = Core.Gateway.Deployments.Update(api, call.Uri("deployment_id"), request.PatchOperations);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return deployment;
    }
}
