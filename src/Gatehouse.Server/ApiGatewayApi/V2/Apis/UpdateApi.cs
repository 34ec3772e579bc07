using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

internal sealed class UpdateApi(ApiGatewayServices services) : HttpApiOperation<HttpApiInput, HttpApi>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/v2/apis/{apiId}";

    protected override JsonTypeInfo<HttpApiInput> RequestType => ApiGatewayV2Json.Default.HttpApiInput;

    protected override JsonTypeInfo<HttpApi> ResponseType => ApiGatewayV2Json.Default.HttpApi;

    protected override async Task<HttpApi?> HandleAsync(HttpApiInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        HttpApis.Update(api, request);
        var redeploy = request.CorsConfiguration is not null || request.Target is not null || request.RouteKey is not null || request.DisableExecuteApiEndpoint is not null;
        await Services.SaveHttpApiAsync(session, api, call, redeploy).ConfigureAwait(false);
        return api.Answer(call);
    }
}
