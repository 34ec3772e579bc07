using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Integrations;

internal sealed class PutIntegration(ApiGatewayServices services) : ApiGatewayOperation<Integration, Integration>(services)
{
    public override string HttpMethod => "PUT";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<Integration> RequestType => ApiGatewayJson.Default.Integration;

    protected override JsonTypeInfo<Integration> ResponseType => ApiGatewayJson.Default.Integration;

    protected override async Task<Integration?> HandleAsync(Integration request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var result = Core.Gateway.Integrations.Put(api, call.Uri("resource_id"), call.Uri("http_method"), request);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return result;
    }
}
