using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Authorizers;

internal sealed class UpdateAuthorizer(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, Authorizer>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/restapis/{restapi_id}/authorizers/{authorizer_id}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<Authorizer> ResponseType => ApiGatewayJson.Default.Authorizer;

    protected override async Task<Authorizer?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var authorizer = Core.Gateway.AuthorizerRules.Update(api, call.Uri("authorizer_id"), request.PatchOperations);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return authorizer;
    }
}
