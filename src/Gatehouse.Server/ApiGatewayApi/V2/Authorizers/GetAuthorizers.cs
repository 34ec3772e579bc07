using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Authorizers;

internal sealed class GetAuthorizers(ApiGatewayServices services) : HttpApiQuery<ItemsPage<HttpAuthorizer>>(services)
{
    public override string Route => "/v2/apis/{apiId}/authorizers";

    protected override JsonTypeInfo<ItemsPage<HttpAuthorizer>> ResponseType => ApiGatewayV2Json.Default.ItemsPageHttpAuthorizer;

    protected override async Task<ItemsPage<HttpAuthorizer>> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpApiCalls.Page(api.Authorizers.OrderBy(i => i.AuthorizerId, StringComparer.Ordinal), i => i.AuthorizerId!, call);
    }
}
