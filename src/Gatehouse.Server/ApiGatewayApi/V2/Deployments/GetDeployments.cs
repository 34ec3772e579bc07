using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Deployments;

internal sealed class GetDeployments(ApiGatewayServices services) : HttpApiQuery<ItemsPage<HttpDeployment>>(services)
{
    public override string Route => "/v2/apis/{apiId}/deployments";

    protected override JsonTypeInfo<ItemsPage<HttpDeployment>> ResponseType => ApiGatewayV2Json.Default.ItemsPageHttpDeployment;

    protected override async Task<ItemsPage<HttpDeployment>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpApiCalls.Page(api.Deployments.OrderBy(d => d.DeploymentId, StringComparer.Ordinal), d => d.DeploymentId!, call);
    }
}
