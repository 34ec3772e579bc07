namespace Gatehouse.Server.ApiGatewayApi.Operations.Methods;

internal sealed class DeleteMethodResponse(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}";

    public override int SuccessStatus => 204;

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        Core.Gateway.Methods.DeleteResponse(api, call.Uri("resource_id"), call.Uri("http_method"), call.Uri("status_code"));
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
    }
}
