using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Integrations;

internal sealed class GetIntegration(ApiGatewayServices services) : ApiGatewayQuery<Integration>(services)
{
    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration";

    protected override JsonTypeInfo<Integration> ResponseType => ApiGatewayJson.Default.Integration;

    protected override async Task<Integration> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        return Core.Gateway.Integrations.Get(api, call.Uri("resource_id"), call.Uri("http_method"));
    }
}
