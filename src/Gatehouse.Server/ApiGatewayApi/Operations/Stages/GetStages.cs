using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Stages;

internal sealed class GetStages(ApiGatewayServices services) : ApiGatewayQuery<ItemPage<Stage>>(services)
{
    public override string Route => "/restapis/{restapi_id}/stages";

    protected override JsonTypeInfo<ItemPage<Stage>> ResponseType => ApiGatewayJson.Default.ItemPageStage;

    protected override async Task<ItemPage<Stage>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var deploymentId = call.Query("deploymentId");
        return new ItemPage<Stage>([.. Core.Gateway.Stages.Ordered(api).Where(s => deploymentId is null || s.DeploymentId == deploymentId)]);
    }
}
