using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Methods;

internal sealed class PutMethod(ApiGatewayServices services) : ApiGatewayOperation<Method, Method>(services)
{
    public override string HttpMethod => "PUT";

    public override string Route => "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<Method> RequestType => ApiGatewayJson.Default.Method;

    protected override JsonTypeInfo<Method> ResponseType => ApiGatewayJson.Default.Method;

    protected override async Task<Method?> HandleAsync(Method request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.FindAsync(session, call).ConfigureAwait(false);
        var method = Core.Gateway.Methods.Put(api, call.Uri("resource_id"), call.Uri("http_method"), request);
        await Services.SaveAsync(session, api!, call).ConfigureAwait(false);
        return method;
    }
}
