using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Stages;

internal sealed class GetStages(ApiGatewayServices services) : HttpApiQuery<ItemsPage<HttpStage>>(services)
{
    public override string Route => "/v2/apis/{apiId}/stages";

    protected override JsonTypeInfo<ItemsPage<HttpStage>> ResponseType => ApiGatewayV2Json.Default.ItemsPageHttpStage;

    protected override async Task<ItemsPage<HttpStage>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpApiCalls.Page(api.Stages.OrderBy(s => s.StageName, StringComparer.Ordinal), s => s.StageName!, call);
    }
}
