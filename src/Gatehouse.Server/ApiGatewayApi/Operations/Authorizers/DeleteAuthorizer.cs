namespace Gatehouse.Server.ApiGatewayApi.Operations.Authorizers;

internal sealed class DeleteAuthorizer(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}/authorizers/{authorizer_id}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        Core.Gateway.AuthorizerRules.Delete(api, call.Uri("authorizer_id"));
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
    }
}
