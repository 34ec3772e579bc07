using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Resources;

internal sealed class GetResource(ApiGatewayServices services) : ApiGatewayQuery<Resource>(services)
{
    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}";

    protected override JsonTypeInfo<Resource> ResponseType => ApiGatewayJson.Default.Resource;

    protected override async Task<Resource> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        return ResourceTree.View(ResourceTree.Get(api, call.Uri("resource_id")), call.Embeds("methods"));
    }
}
