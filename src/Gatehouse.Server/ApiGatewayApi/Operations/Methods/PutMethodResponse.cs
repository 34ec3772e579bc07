using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Methods;

internal sealed class PutMethodResponse(ApiGatewayServices services) : ApiGatewayOperation<MethodResponse, MethodResponse>(services)
{
    public override string HttpMethod => "PUT";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<MethodResponse> RequestType => ApiGatewayJson.Default.MethodResponse;

    protected override JsonTypeInfo<MethodResponse> ResponseType => ApiGatewayJson.Default.MethodResponse;

    protected override async Task<MethodResponse?> HandleAsync(MethodResponse request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var response = Core.Gateway.Methods.PutResponse(api, call.Uri("resource_id"), call.Uri("http_method"), call.Uri("status_code"), request);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return response;
    }
}
