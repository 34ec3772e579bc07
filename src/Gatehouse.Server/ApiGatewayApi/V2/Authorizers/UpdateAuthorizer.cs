using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Authorizers;

internal sealed class UpdateAuthorizer(ApiGatewayServices services) : HttpApiOperation<HttpAuthorizer, HttpAuthorizer>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/v2/apis/{apiId}/authorizers/{authorizerId}";

    protected override JsonTypeInfo<HttpAuthorizer> RequestType => ApiGatewayV2Json.Default.HttpAuthorizer;

    protected override JsonTypeInfo<HttpAuthorizer> ResponseType => ApiGatewayV2Json.Default.HttpAuthorizer;

    protected override async Task<HttpAuthorizer?> HandleAsync(HttpAuthorizer request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var updated = HttpAuthorizers.Update(api, call.Uri("authorizerId"), request);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: true).ConfigureAwait(false);
        return updated;
    }
}
