using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.GatewayResponses;

internal sealed class GetGatewayResponse(ApiGatewayServices services) : ApiGatewayQuery<GatewayResponse>(services)
{
    public override string Route => "/restapis/{restapi_id}/gatewayresponses/{response_type}";

    protected override JsonTypeInfo<GatewayResponse> ResponseType => ApiGatewayJson.Default.GatewayResponse;

    protected override async Task<GatewayResponse> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        return Core.Gateway.GatewayResponses.Get(api, call.Uri("response_type"));
    }
}
