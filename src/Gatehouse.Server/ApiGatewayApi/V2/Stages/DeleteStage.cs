using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Stages;

internal sealed class DeleteStage(ApiGatewayServices services) : HttpApiDeletion(services)
{
    public override string Route => "/v2/apis/{apiId}/stages/{stageName}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        HttpStages.Delete(api, call.Uri("stageName"));
        await Services.SaveHttpApiAsync(session, api, call, redeploy: false).ConfigureAwait(false);
    }
}
