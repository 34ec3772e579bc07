using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.GatewayResponses;

internal sealed class UpdateGatewayResponse(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, GatewayResponse>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/gatewayresponses/{response_type}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<GatewayResponse> ResponseType => ApiGatewayJson.Default.GatewayResponse;

    protected override async Task<GatewayResponse?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var response = Core.Gateway.GatewayResponses.Update(api, call.Uri("response_type"), request.PatchOperations);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return response;
    }
}
