namespace Gatehouse.Server.ApiGatewayApi.Operations.Methods;

internal sealed class DeleteMethod(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}";

    public override int SuccessStatus => 204;

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        Core.Gateway.Methods.Delete(api, call.Uri("resource_id"), call.Uri("http_method"));
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
    }
}
