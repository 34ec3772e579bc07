namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

internal sealed class DeleteCorsConfiguration(ApiGatewayServices services) : HttpApiDeletion(services)
{
    public override string Route => "/v2/apis/{apiId}/cors";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        api.Api.CorsConfiguration = null;
        await Services.SaveHttpApiAsync(session, api, call, redeploy: true).ConfigureAwait(false);
    }
}
