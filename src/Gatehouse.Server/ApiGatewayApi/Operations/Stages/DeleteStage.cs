namespace Gatehouse.Server.ApiGatewayApi.Operations.Stages;

internal sealed class DeleteStage(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}/stages/{stage_name}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        Core.Gateway.Stages.Delete(api, call.Uri("stage_name"));
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
    }
}
