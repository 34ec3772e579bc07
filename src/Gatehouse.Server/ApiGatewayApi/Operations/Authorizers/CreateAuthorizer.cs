using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Authorizers;

internal sealed class CreateAuthorizer(ApiGatewayServices services) : ApiGatewayOperation<Authorizer, Authorizer>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/restapis/{restapi_id}/authorizers";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<Authorizer> RequestType => ApiGatewayJson.Default.Authorizer;

    protected override JsonTypeInfo<Authorizer> ResponseType => ApiGatewayJson.Default.Authorizer;

    protected override async Task<Authorizer?> HandleAsync(Authorizer request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);

        // AWS answers an unknown API here with this odd conflict, not NotFoundException.
        var api = await Services.FindAsync(session, call).ConfigureAwait(false)
            ?? throw ApiGatewayException.Conflict("Unable to complete operation due to concurrent modification. Please try again later.");
        var authorizer = Core.Gateway.AuthorizerRules.Create(api, request, Services.Ids);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return authorizer;
    }
}
