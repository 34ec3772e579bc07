using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.RestApis;

internal sealed class GetRestApi(ApiGatewayServices services) : ApiGatewayQuery<RestApi>(services)
{
    public override string Route => "/restapis/{restapi_id}";

    protected override JsonTypeInfo<RestApi> ResponseType => ApiGatewayJson.Default.RestApi;

    protected override async Task<RestApi> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        return (await Services.ApiAsync(session, call).ConfigureAwait(false)).Api;
    }
}
