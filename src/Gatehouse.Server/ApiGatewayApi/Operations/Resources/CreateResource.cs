using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Resources;

internal sealed class CreateResource(ApiGatewayServices services) : ApiGatewayOperation<CreateResourceInput, Resource>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/restapis/{restapi_id}/resources/{parent_id}";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<CreateResourceInput> RequestType => ApiGatewayJson.Default.CreateResourceInput;

    protected override JsonTypeInfo<Resource> ResponseType => ApiGatewayJson.Default.Resource;

    protected override async Task<Resource?> HandleAsync(CreateResourceInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var resource = ResourceTree.Create(api, call.Uri("parent_id"), request.PathPart, Services.Ids);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return ResourceTree.View(resource, withMethods: false);
    }
}
