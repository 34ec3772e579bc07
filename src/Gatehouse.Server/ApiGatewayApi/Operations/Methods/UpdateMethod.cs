using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Methods;

internal sealed class UpdateMethod(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, Method>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<Method> ResponseType => ApiGatewayJson.Default.Method;

    protected override async Task<Method?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var method = Core.Gateway.Methods.Update(api, call.Uri("resource_id"), call.Uri("http_method"), request.PatchOperations);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return method;
    }
}
