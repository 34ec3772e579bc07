using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

internal sealed class GetApiKey(ApiGatewayServices services) : ApiGatewayQuery<ApiKey>(services)
{
    public override string Route => "/apikeys/{api_Key}";

    protected override JsonTypeInfo<ApiKey> ResponseType => ApiKeyWireJson.Default.ApiKey;

    protected override async Task<ApiKey> QueryAsync(ApiGatewayCall call)
    {
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var key = await KeyCalls.KeyAsync(session, call, "api_Key").ConfigureAwait(false);
        return Core.Gateway.ApiKeys.ApiKeys.View(key, KeyCalls.QueryBool(call, "includeValue"));
    }
}
