using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.RestApis;

internal sealed class DeleteRestApi(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        await RestApiStore.DeleteAsync(session, api.Id, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
    }
}
