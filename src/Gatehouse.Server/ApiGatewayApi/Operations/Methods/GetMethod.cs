using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Methods;

internal sealed class GetMethod(ApiGatewayServices services) : ApiGatewayQuery<Method>(services)
{
    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}";

    protected override JsonTypeInfo<Method> ResponseType => ApiGatewayJson.Default.Method;

    protected override async Task<Method> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        return Core.Gateway.Methods.Get(api, call.Uri("resource_id"), call.Uri("http_method"));
    }
}
