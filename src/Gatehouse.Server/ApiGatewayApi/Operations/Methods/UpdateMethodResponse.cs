using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Methods;

internal sealed class UpdateMethodResponse(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, MethodResponse>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}";

    // botocore's model: UpdateMethodResponse answers 201, unlike the other updates.
    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<MethodResponse> ResponseType => ApiGatewayJson.Default.MethodResponse;

    protected override async Task<MethodResponse?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var response = Core.Gateway.Methods.UpdateResponse(api, call.Uri("resource_id"), call.Uri("http_method"), call.Uri("status_code"), request.PatchOperations);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return response;
    }
}
