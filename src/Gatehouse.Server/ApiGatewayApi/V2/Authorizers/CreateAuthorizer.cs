using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Authorizers;

internal sealed class CreateAuthorizer(ApiGatewayServices services) : HttpApiOperation<HttpAuthorizer, HttpAuthorizer>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/v2/apis/{apiId}/authorizers";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<HttpAuthorizer> RequestType => ApiGatewayV2Json.Default.HttpAuthorizer;

    protected override JsonTypeInfo<HttpAuthorizer> ResponseType => ApiGatewayV2Json.Default.HttpAuthorizer;

    protected override async Task<HttpAuthorizer?> HandleAsync(HttpAuthorizer request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var created = HttpAuthorizers.Create(api, request, Services.Ids);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: true).ConfigureAwait(false);
        return created;
    }
}
