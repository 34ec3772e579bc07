using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Deployments;

internal sealed class CreateDeployment(ApiGatewayServices services) : ApiGatewayOperation<CreateDeploymentInput, Deployment>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/restapis/{restapi_id}/deployments";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<CreateDeploymentInput> RequestType => ApiGatewayJson.Default.CreateDeploymentInput;

    protected override JsonTypeInfo<Deployment> ResponseType => ApiGatewayJson.Default.Deployment;

    protected override async Task<Deployment?> HandleAsync(CreateDeploymentInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var snapshot = Core.Gateway.Deployments.Create(api, request, Services.Ids, Services.Now);
        await RestApiStore.SaveDeploymentAsync(session, snapshot, call.CancellationToken).ConfigureAwait(false);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return Core.Gateway.Deployments.Get(api, snapshot.Deployment.Id!);
    }
}
