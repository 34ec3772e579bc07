using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

internal sealed class GetApi(ApiGatewayServices services) : HttpApiQuery<HttpApi>(services)
{
    public override string Route => "/v2/apis/{apiId}";

    protected override JsonTypeInfo<HttpApi> ResponseType => ApiGatewayV2Json.Default.HttpApi;

    protected override async Task<HttpApi> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        return (await Services.HttpApiAsync(session, call).ConfigureAwait(false)).Answer(call);
    }
}
