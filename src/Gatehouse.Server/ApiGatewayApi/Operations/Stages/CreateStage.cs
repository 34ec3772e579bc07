using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Stages;

internal sealed class CreateStage(ApiGatewayServices services) : ApiGatewayOperation<Stage, Stage>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/restapis/{restapi_id}/stages";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<Stage> RequestType => ApiGatewayJson.Default.Stage;

    protected override JsonTypeInfo<Stage> ResponseType => ApiGatewayJson.Default.Stage;

    protected override async Task<Stage?> HandleAsync(Stage request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var stage = Core.Gateway.Stages.Create(api, request, Services.Now);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return stage;
    }
}
