namespace Gatehouse.Server.ApiGatewayApi.Operations.Stages;

/// <summary>Forgets the stage's cached Lambda authorizer results, so the next requests invoke the authorizers again.</summary>
internal sealed class FlushStageAuthorizersCache(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var stage = Core.Gateway.Stages.Get(api, call.Uri("stage_name"));
        Services.AuthorizerCache.Flush(api.Api.Id!, stage.StageName!);
    }
}
