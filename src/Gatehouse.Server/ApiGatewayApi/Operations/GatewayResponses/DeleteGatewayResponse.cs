namespace Gatehouse.Server.ApiGatewayApi.Operations.GatewayResponses;

/// <summary>Resets the type to its default; deleting a type that is not customised is a no-op.</summary>
internal sealed class DeleteGatewayResponse(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}/gatewayresponses/{response_type}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        Core.Gateway.GatewayResponses.Delete(api, call.Uri("response_type"));
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
    }
}
