using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

internal sealed class DeleteApi(ApiGatewayServices services) : HttpApiDeletion(services)
{
    public override string Route => "/v2/apis/{apiId}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        await HttpApiStore.DeleteAsync(session, api.Id, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
    }
}
