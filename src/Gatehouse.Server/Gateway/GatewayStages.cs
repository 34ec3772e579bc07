using System.Collections.Concurrent;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// The compiled stages the gateway serves, kept until the store's documents change
/// (<see cref="IGatehouseStore.DocumentVersion"/>): a deployment, a stage update or any other management write makes
/// the next request recompile, so what is deployed is live at once and the hot path does no I/O.
/// </summary>
internal sealed class GatewayStages(
    IGatehouseStore store, GatewayTokenVerifier verifier, FunctionInvoker functions, LambdaAuthorizerCache authorizerCache, GatehouseOptions options,
    ILogger<LambdaAuthorizer> logger)
{
    private readonly LambdaAuthorizers _lambda = new(functions, authorizerCache, options.AccountId, logger);

    private readonly ConcurrentDictionary<(string ApiId, string Stage), Entry> _rest = new();
    private readonly ConcurrentDictionary<(string ApiId, string Stage), HttpEntry> _http = new();

    /// <summary>The REST API stage, or null when there is no such API, stage or deployment.</summary>
    public async ValueTask<CompiledRestStage?> RestStageAsync(string apiId, string stage, CancellationToken cancellationToken)
    {
        var version = store.DocumentVersion;
        if (_rest.TryGetValue((apiId, stage), out var entry) && entry.Version == version)
        {
            return entry.Stage;
        }

        // The version is read before the load: a write that lands during it leaves the entry stale, so it reloads again.
        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        var deployed = await RestApiStore.GetDeployedStageAsync(session, apiId, stage, cancellationToken).ConfigureAwait(false);
        var compiled = deployed is null ? null : new CompiledRestStage(deployed, verifier, _lambda);
        if (_rest.Count > 10_000)
        {
            _rest.Clear();
        }

        _rest[(apiId, stage)] = new Entry(version, compiled);
        return compiled;
    }

    /// <summary>The HTTP API stage (<c>$default</c> for the root), or null when there is no such API, stage or deployment.</summary>
    public async ValueTask<CompiledHttpStage?> HttpStageAsync(string apiId, string stage, CancellationToken cancellationToken)
    {
        var version = store.DocumentVersion;
        if (_http.TryGetValue((apiId, stage), out var entry) && entry.Version == version)
        {
            return entry.Stage;
        }

        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        var deployed = await HttpApiStore.GetDeployedStageAsync(session, apiId, stage, cancellationToken).ConfigureAwait(false);
        var compiled = deployed is null ? null : new CompiledHttpStage(deployed, verifier, _lambda);
        if (_http.Count > 10_000)
        {
            _http.Clear();
        }

        _http[(apiId, stage)] = new HttpEntry(version, compiled);
        return compiled;
    }

    /// <summary>A REST API authorizer as a deployment would build it, for TestInvokeAuthorizer; null when it cannot work as configured.</summary>
    public IAuthorizer? RestAuthorizer(Authorizer authorizer) => CompiledRestStage.Build(authorizer, verifier, _lambda);

    private sealed record Entry(long Version, CompiledRestStage? Stage);

    private sealed record HttpEntry(long Version, CompiledHttpStage? Stage);
}

/// <summary>What a compiled stage needs to build its Lambda authorizers.</summary>
internal sealed record LambdaAuthorizers(FunctionInvoker Functions, LambdaAuthorizerCache Cache, string AccountId, ILogger Logger)
{
    public LambdaAuthorizer Create(LambdaAuthorizerSettings settings) => new(settings, Functions, Cache, AccountId, Logger);
}
