using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.RestApis;

internal sealed class UpdateRestApi(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, RestApi>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<RestApi> ResponseType => ApiGatewayJson.Default.RestApi;

    protected override async Task<RestApi?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        Core.Gateway.RestApis.Update(api, request.PatchOperations);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return api.Api;
    }
}
