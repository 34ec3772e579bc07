using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Integrations;

internal sealed class GetIntegrationResponse(ApiGatewayServices services) : ApiGatewayQuery<IntegrationResponse>(services)
{
    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}";

    protected override JsonTypeInfo<IntegrationResponse> ResponseType => ApiGatewayJson.Default.IntegrationResponse;

    protected override async Task<IntegrationResponse> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        return Core.Gateway.Integrations.GetResponse(api, call.Uri("resource_id"), call.Uri("http_method"), call.Uri("status_code"));
    }
}
