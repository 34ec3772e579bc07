using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Resources;

internal sealed class DeleteResource(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        ResourceTree.Get(api, call.Uri("resource_id"));
        ResourceTree.Delete(api!, call.Uri("resource_id"));
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
    }
}
