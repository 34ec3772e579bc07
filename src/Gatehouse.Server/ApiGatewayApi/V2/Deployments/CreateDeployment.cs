using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Deployments;

internal sealed class CreateDeployment(ApiGatewayServices services) : HttpApiOperation<HttpDeploymentInput, HttpDeployment>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/v2/apis/{apiId}/deployments";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<HttpDeploymentInput> RequestType => ApiGatewayV2Json.Default.HttpDeploymentInput;

    protected override JsonTypeInfo<HttpDeployment> ResponseType => ApiGatewayV2Json.Default.HttpDeployment;

    protected override async Task<HttpDeployment?> HandleAsync(HttpDeploymentInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var snapshot = HttpDeployments.Create(api, request, Services.Ids, Services.Now);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: false, snapshot).ConfigureAwait(false);
        return snapshot.Deployment;
    }
}
