using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Integrations;

internal sealed class UpdateIntegrationResponse(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, IntegrationResponse>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<IntegrationResponse> ResponseType => ApiGatewayJson.Default.IntegrationResponse;

    protected override async Task<IntegrationResponse?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var result = Core.Gateway.Integrations.UpdateResponse(api, call.Uri("resource_id"), call.Uri("http_method"), call.Uri("status_code"), request.PatchOperations);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return result;
    }
}
