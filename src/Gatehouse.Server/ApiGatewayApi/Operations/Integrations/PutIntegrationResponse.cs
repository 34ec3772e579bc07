using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Integrations;

internal sealed class PutIntegrationResponse(ApiGatewayServices services) : ApiGatewayOperation<IntegrationResponse, IntegrationResponse>(services)
{
    public override string HttpMethod => "PUT";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<IntegrationResponse> RequestType => ApiGatewayJson.Default.IntegrationResponse;

    protected override JsonTypeInfo<IntegrationResponse> ResponseType => ApiGatewayJson.Default.IntegrationResponse;

    protected override async Task<IntegrationResponse?> HandleAsync(IntegrationResponse request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var result = Core.Gateway.Integrations.PutResponse(api, call.Uri("resource_id"), call.Uri("http_method"), call.Uri("status_code"), request);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return result;
    }
}
