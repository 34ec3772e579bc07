using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Stages;

internal sealed class GetStage(ApiGatewayServices services) : ApiGatewayQuery<Stage>(services)
{
    public override string Route => "/restapis/{restapi_id}/stages/{stage_name}";

    protected override JsonTypeInfo<Stage> ResponseType => ApiGatewayJson.Default.Stage;

    protected override async Task<Stage> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        return Core.Gateway.Stages.Get(api, call.Uri("stage_name"));
    }
}
