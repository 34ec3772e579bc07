using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Deployments;

internal sealed class UpdateDeployment(ApiGatewayServices services) : HttpApiOperation<HttpDeploymentInput, HttpDeployment>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/v2/apis/{apiId}/deployments/{deploymentId}";

    protected override JsonTypeInfo<HttpDeploymentInput> RequestType => ApiGatewayV2Json.Default.HttpDeploymentInput;

    protected override JsonTypeInfo<HttpDeployment> ResponseType => ApiGatewayV2Json.Default.HttpDeployment;

    protected override async Task<HttpDeployment?> HandleAsync(HttpDeploymentInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var deployment = HttpDeployments.Update(api, call.Uri("deploymentId"), request);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: false).ConfigureAwait(false);
        return deployment;
    }
}
