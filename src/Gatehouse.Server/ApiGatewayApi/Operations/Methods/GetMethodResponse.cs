using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Methods;

internal sealed class GetMethodResponse(ApiGatewayServices services) : ApiGatewayQuery<MethodResponse>(services)
{
    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}";

    protected override JsonTypeInfo<MethodResponse> ResponseType => ApiGatewayJson.Default.MethodResponse;

    protected override async Task<MethodResponse> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        return Core.Gateway.Methods.GetResponse(api, call.Uri("resource_id"), call.Uri("http_method"), call.Uri("status_code"));
    }
}
