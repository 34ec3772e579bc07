using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Integrations;

internal sealed class UpdateIntegration(ApiGatewayServices services) : HttpApiOperation<HttpIntegration, HttpIntegration>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/v2/apis/{apiId}/integrations/{integrationId}";

    protected override JsonTypeInfo<HttpIntegration> RequestType => ApiGatewayV2Json.Default.HttpIntegration;

    protected override JsonTypeInfo<HttpIntegration> ResponseType => ApiGatewayV2Json.Default.HttpIntegration;

    protected override async Task<HttpIntegration?> HandleAsync(HttpIntegration request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var updated = HttpIntegrations.Update(api, call.Uri("integrationId"), request);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: true).ConfigureAwait(false);
        return updated;
    }
}
