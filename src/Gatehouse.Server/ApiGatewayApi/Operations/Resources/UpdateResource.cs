using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Resources;

internal sealed class UpdateResource(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, Resource>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<Resource> ResponseType => ApiGatewayJson.Default.Resource;

    protected override async Task<Resource?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var resource = ResourceTree.Get(api, call.Uri("resource_id"));
        ResourceTree.Update(api!, resource.Id!, request.PatchOperations);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return ResourceTree.View(resource, withMethods: false);
    }
}
