using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Integrations;

internal sealed class UpdateIntegration(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, Integration>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<Integration> ResponseType => ApiGatewayJson.Default.Integration;

    protected override async Task<Integration?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var result = Core.Gateway.Integrations.Update(api, call.Uri("resource_id"), call.Uri("http_method"), request.PatchOperations);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return result;
    }
}
