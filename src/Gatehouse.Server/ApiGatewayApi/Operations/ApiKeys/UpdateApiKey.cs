using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

internal sealed class UpdateApiKey(ApiGatewayServices services) : ApiGatewayOperation<PatchRequest, ApiKey>(services)
{
    public override string HttpMethod => "PATCH";

    public override string Route => "/apikeys/{api_Key}";

    protected override JsonTypeInfo<PatchRequest> RequestType => ApiGatewayJson.Default.PatchRequest;

    protected override JsonTypeInfo<ApiKey> ResponseType => ApiKeyWireJson.Default.ApiKey;

    protected override async Task<ApiKey?> HandleAsync(PatchRequest request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var key = await KeyCalls.KeyAsync(session, call, "api_Key").ConfigureAwait(false);
        await Core.Gateway.ApiKeys.ApiKeys.UpdateAsync(session, key, request.PatchOperations, Services.AccountId, Services.Now, call.CancellationToken).ConfigureAwait(false);
        await ApiKeyStore.SaveKeyAsync(session, key, call.CancellationToken).ConfigureAwait(false);
        await KeyCalls.CommitAsync(session, Services, call).ConfigureAwait(false);
        return Core.Gateway.ApiKeys.ApiKeys.View(key, includeValue: false);
    }
}
