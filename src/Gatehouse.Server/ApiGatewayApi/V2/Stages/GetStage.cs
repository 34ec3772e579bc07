using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Stages;

internal sealed class GetStage(ApiGatewayServices services) : HttpApiQuery<HttpStage>(services)
{
    public override string Route => "/v2/apis/{apiId}/stages/{stageName}";

    protected override JsonTypeInfo<HttpStage> ResponseType => ApiGatewayV2Json.Default.HttpStage;

    protected override async Task<HttpStage> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpStages.Get(api, call.Uri("stageName"));
    }
}
