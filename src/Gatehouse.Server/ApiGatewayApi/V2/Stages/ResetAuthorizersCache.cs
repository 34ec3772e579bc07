using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Stages;

/// <summary>Forgets the stage's cached Lambda authorizer results, so the next requests invoke the authorizers again.</summary>
internal sealed class ResetAuthorizersCache(ApiGatewayServices services) : HttpApiDeletion(services)
{
    public override string Route => "/v2/apis/{apiId}/stages/{stageName}/cache/authorizers";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var stage = HttpStages.Get(api, call.Uri("stageName"));
        Services.AuthorizerCache.Flush(api.Api.ApiId!, stage.StageName!);
    }
}
