using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Deployments;

internal sealed class GetDeployment(ApiGatewayServices services) : ApiGatewayQuery<Deployment>(services)
{
    public override string Route => "/restapis/{restapi_id}/deployments/{deployment_id}";

    protected override JsonTypeInfo<Deployment> ResponseType => ApiGatewayJson.Default.Deployment;

    protected override async Task<Deployment> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var deployment = Core.Gateway.Deployments.Get(api, call.Uri("deployment_id"));
        if (!call.Embeds("apisummary"))
        {
            return deployment;
        }

        var snapshot = await RestApiStore.FindDeploymentAsync(session, api.Id, deployment.Id!, call.CancellationToken).ConfigureAwait(false)
            ?? throw ApiGatewayException.DeploymentNotFound();
        return new Deployment
        {
            Id = deployment.Id,
            Description = deployment.Description,
            CreatedDate = deployment.CreatedDate,
            ApiSummary = Core.Gateway.Deployments.Summary(snapshot),
        };
    }
}
