using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.Authorizers;

internal sealed class GetAuthorizer(ApiGatewayServices services) : ApiGatewayQuery<Authorizer>(services)
{
    public override string Route => "/restapis/{restapi_id}/authorizers/{authorizer_id}";

    protected override JsonTypeInfo<Authorizer> ResponseType => ApiGatewayJson.Default.Authorizer;

    protected override async Task<Authorizer> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        return Core.Gateway.AuthorizerRules.Get(api, call.Uri("authorizer_id"));
    }
}
