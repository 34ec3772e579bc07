using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Authorizers;

internal sealed class GetAuthorizer(ApiGatewayServices services) : HttpApiQuery<HttpAuthorizer>(services)
{
    public override string Route => "/v2/apis/{apiId}/authorizers/{authorizerId}";

    protected override JsonTypeInfo<HttpAuthorizer> ResponseType => ApiGatewayV2Json.Default.HttpAuthorizer;

    protected override async Task<HttpAuthorizer> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        return HttpAuthorizers.Get(api, call.Uri("authorizerId"));
    }
}
