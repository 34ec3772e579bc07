using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Stages;

internal sealed class UpdateStage(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, Stage>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/stages/{stage_name}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<Stage> ResponseType => ApiGatewayJson.Default.Stage;

    protected override async Task<Stage?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var stage = Core.Gateway.Stages.Update(api, call.Uri("stage_name"), request.PatchOperations, Services.Now);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return stage;
    }
}
