using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Integrations;

internal sealed class GetIntegrations(ApiGatewayServices services) : HttpApiQuery<ItemsPage<HttpIntegration>>(services)
{
    public override string Route => "/v2/apis/{apiId}/integrations";

    protected override JsonTypeInfo<ItemsPage<HttpIntegration>> ResponseType => ApiGatewayV2Json.Default.ItemsPageHttpIntegration;

    protected override async Task<ItemsPage<HttpIntegration>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpApiCalls.Page(api.Integrations.OrderBy(i => i.IntegrationId, StringComparer.Ordinal), i => i.IntegrationId!, call);
    }
}
