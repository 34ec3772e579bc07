using Gatehouse.Core;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Storage;

namespace Gatehouse.Server.ApiGatewayApi;

/// <summary>What the management operations share: the store, the clock, ids, the account, and the load/save steps every one repeats.</summary>
internal sealed class ApiGatewayServices(
    IGatehouseStore store, TimeProvider time, IdGenerator ids, GatehouseOptions options, Core.Gateway.ApiKeys.ApiKeyGate apiKeys,
    Core.Gateway.Authorizers.LambdaAuthorizerCache authorizerCache, Func<Gateway.GatewayStages> stages)
{
    private readonly Lazy<Gateway.GatewayStages> _stages = new(stages);

    /// <summary>The gateway's compiled stages, resolved on first use (they need the port a port-0 server bound).</summary>
    public Gateway.GatewayStages Stages => _stages.Value;

    /// <summary>A timestamp of the server's clock, for <see cref="MillisecondsSince"/>.</summary>
    public long Timestamp() => time.GetTimestamp();

    public long MillisecondsSince(long timestamp) => (long)time.GetElapsedTime(timestamp).TotalMilliseconds;

    /// <summary>The gateway's cache of Lambda authorizer results, which the flush operations empty.</summary>
    public Core.Gateway.Authorizers.LambdaAuthorizerCache AuthorizerCache { get; } = authorizerCache;

    /// <summary>The gateway's API key index: operations that change keys or plans invalidate it after committing.</summary>
    public Core.Gateway.ApiKeys.ApiKeyGate ApiKeys { get; } = apiKeys;

    public IdGenerator Ids { get; } = ids;

    public string AccountId => options.AccountId;

    /// <summary>Now, in whole seconds: API Gateway's dates are epoch seconds.</summary>
    public DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());

    public Task<IStoreSession> WriteAsync(ApiGatewayCall call) => store.OpenAsync(write: true, call.CancellationToken);

    public Task<IStoreSession> ReadAsync(ApiGatewayCall call) => store.OpenAsync(write: false, call.CancellationToken);

    /// <summary>The API, or null: calls below the API name a missing API by what they were looking for.</summary>
    public Task<RestApiDefinition?> FindAsync(IStoreSession session, ApiGatewayCall call) =>
        RestApiStore.FindAsync(session, call.Uri("restapi_id"), call.CancellationToken);

    /// <summary>The API of the call's <c>restapi_id</c>, or AWS's <c>Invalid API identifier specified {account}:{id}</c>.</summary>
    public async Task<RestApiDefinition> ApiAsync(IStoreSession session, ApiGatewayCall call) =>
        await FindAsync(session, call).ConfigureAwait(false) ?? throw ApiGatewayException.ApiNotFound(AccountId, call.Uri("restapi_id"));

    /// <summary>Saves the API and commits: the whole call is one transaction.</summary>
    public async Task SaveAsync(IStoreSession session, RestApiDefinition api, ApiGatewayCall call)
    {
        await RestApiStore.SaveAsync(session, api, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
    }
}
