using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.GatewayResponses;

internal sealed class PutGatewayResponse(ApiGatewayServices services) : ApiGatewayOperation<PutGatewayResponseInput, GatewayResponse>(services)
{
    public override string HttpMethod => "PUT";

    public override string Route => "/restapis/{restapi_id}/gatewayresponses/{response_type}";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<PutGatewayResponseInput> RequestType => ApiGatewayJson.Default.PutGatewayResponseInput;

    protected override JsonTypeInfo<GatewayResponse> ResponseType => ApiGatewayJson.Default.GatewayResponse;

    protected override async Task<GatewayResponse?> HandleAsync(PutGatewayResponseInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var response = Core.Gateway.GatewayResponses.Put(api, call.Uri("response_type"), request);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return response;
    }
}
