using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Stages;

internal sealed class UpdateStage(ApiGatewayServices services) : HttpApiOperation<HttpStage, HttpStage>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/v2/apis/{apiId}/stages/{stageName}";

    protected override JsonTypeInfo<HttpStage> RequestType => ApiGatewayV2Json.Default.HttpStage;

    protected override JsonTypeInfo<HttpStage> ResponseType => ApiGatewayV2Json.Default.HttpStage;

    protected override async Task<HttpStage?> HandleAsync(HttpStage request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var stage = HttpStages.Update(api, call.Uri("stageName"), request, Services.Ids, Services.Now, out var snapshot);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: false, snapshot).ConfigureAwait(false);
        return stage;
    }
}
