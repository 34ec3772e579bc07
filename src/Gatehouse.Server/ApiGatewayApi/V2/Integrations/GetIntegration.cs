using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Integrations;

internal sealed class GetIntegration(ApiGatewayServices services) : HttpApiQuery<HttpIntegration>(services)
{
    public override string Route => "/v2/apis/{apiId}/integrations/{integrationId}";

    protected override JsonTypeInfo<HttpIntegration> ResponseType => ApiGatewayV2Json.Default.HttpIntegration;

    protected override async Task<HttpIntegration> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpIntegrations.Get(api, call.Uri("integrationId"));
    }
}
