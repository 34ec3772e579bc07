using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Deployments;

internal sealed class GetDeployment(ApiGatewayServices services) : HttpApiQuery<HttpDeployment>(services)
{
    public override string Route => "/v2/apis/{apiId}/deployments/{deploymentId}";

    protected override JsonTypeInfo<HttpDeployment> ResponseType => ApiGatewayV2Json.Default.HttpDeployment;

    protected override async Task<HttpDeployment> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpDeployments.Get(api, call.Uri("deploymentId"));
    }
}
