using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

internal sealed class CreateApiKey(ApiGatewayServices services) : ApiGatewayOperation<CreateApiKeyInput, ApiKey>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/apikeys";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<CreateApiKeyInput> RequestType => ApiKeyWireJson.Default.CreateApiKeyInput;

    protected override JsonTypeInfo<ApiKey> ResponseType => ApiKeyWireJson.Default.ApiKey;

    protected override async Task<ApiKey?> HandleAsync(CreateApiKeyInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var key = await Core.Gateway.ApiKeys.ApiKeys.CreateAsync(session, request, Services.Ids, Services.AccountId, Services.Now, call.CancellationToken).ConfigureAwait(false);
        await ApiKeyStore.SaveKeyAsync(session, key, call.CancellationToken).ConfigureAwait(false);
        await KeyCalls.CommitAsync(session, Services, call).ConfigureAwait(false);
        return key;
    }
}
