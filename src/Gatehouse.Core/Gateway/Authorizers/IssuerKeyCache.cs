using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// External issuers' keys, kept in memory per issuer:
/// <list type="bullet">
/// <item>fetched on first use, then re-fetched in the background once older than <see cref="AuthorizerOptions.KeyRefreshInterval"/>
/// while requests go on with the keys they have;</item>
/// <item>a <c>kid</c> the cached set lacks (a key rotation) triggers one re-fetch that every concurrent request awaits
/// together (single flight); such re-fetches start at most once per <see cref="AuthorizerOptions.MinRefetchInterval"/>
/// per issuer, and so do retries of an issuer that is down;</item>
/// <item>a failed fetch keeps the last keys that were fetched (last known good).</item>
/// </list>
/// </summary>
public sealed partial class IssuerKeyCache(JwksFetcher fetcher, TimeProvider time, AuthorizerOptions options, ILogger<IssuerKeyCache> logger)
{
    private readonly ConcurrentDictionary<string, IssuerState> _issuers = new(StringComparer.Ordinal);

    /// <summary>The key <paramref name="kid"/> of <paramref name="issuer"/>, or null when the issuer has none (after at most one fetch).</summary>
    public ValueTask<RemoteKey?> GetKeyAsync(string issuer, string? kid, CancellationToken cancellationToken)
    {
        if (kid is null)
        {
            return ValueTask.FromResult<RemoteKey?>(null);
        }

        var state = _issuers.GetOrAdd(issuer, static i => new IssuerState(i));
        var current = state.Current;
        if (current is not null && current.Keys.TryGetValue(kid, out var known))
        {
            if (time.GetUtcNow() - current.FetchedAt >= options.KeyRefreshInterval)
            {
                _ = StartFetch(state, unknownKid: false);
            }

            return ValueTask.FromResult<RemoteKey?>(known);
        }

        var fetch = StartFetch(state, unknownKid: current is not null);
        return fetch is null ? ValueTask.FromResult<RemoteKey?>(null) : AwaitKeyAsync(fetch, kid, cancellationToken);
    }

    /// <summary>The fetch of <paramref name="issuer"/>'s keys under way, if any: lets tests wait for a background refresh.</summary>
    internal Task? PendingFetch(string issuer) =>
        _issuers.TryGetValue(issuer, out var state) && state.Inflight is { IsCompleted: false } inflight ? inflight : null;

    private static async ValueTask<RemoteKey?> AwaitKeyAsync(Task<IssuerKeySet?> fetch, string kid, CancellationToken cancellationToken)
    {
        var keys = await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        return keys is not null && keys.Keys.TryGetValue(kid, out var key) ? key : null;
    }

    /// <summary>
    /// The fetch every caller shares: the one under way, or a new one unless the throttle says to go on with what is
    /// cached (then null). An unknown <c>kid</c> may re-fetch once per <see cref="AuthorizerOptions.MinRefetchInterval"/>
    /// however recent the last fetch, so a key published just after it is still found; a first load that failed, or a
    /// background refresh, waits that long after the last attempt of any kind, so an issuer that is down is not asked
    /// on every request.
    /// </summary>
    private Task<IssuerKeySet?>? StartFetch(IssuerState state, bool unknownKid)
    {
        lock (state)
        {
            if (state.Inflight is { IsCompleted: false } inflight)
            {
                return inflight;
            }

            var now = time.GetUtcNow();
            var last = unknownKid ? state.LastUnknownKidFetch : state.LastAttempt;
            if (last is { } at && now - at < options.MinRefetchInterval)
            {
                return null;
            }

            state.LastAttempt = now;
            if (unknownKid)
            {
                state.LastUnknownKidFetch = now;
            }

            state.Inflight = Task.Run(() => FetchAsync(state));
            return state.Inflight;
        }
    }

    // Never faults: a failure is logged and the previous keys (possibly none) stay in use.
    private async Task<IssuerKeySet?> FetchAsync(IssuerState state)
    {
        try
        {
            var keys = await fetcher.FetchAsync(state.Issuer, CancellationToken.None).ConfigureAwait(false);
            state.Current = keys;
            LogFetched(logger, state.Issuer, keys.Keys.Count);
            return keys;
        }
        catch (Exception e)
        {
            LogFetchFailed(logger, state.Issuer, state.Current is null ? "no keys yet" : "keeping the last keys fetched", e.Message);
            return state.Current;
        }
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Fetched {Count} signing keys of issuer {Issuer}")]
    private static partial void LogFetched(ILogger logger, string issuer, int count);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Fetching the signing keys of issuer {Issuer} failed ({Fallback}): {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string issuer, string fallback, string reason);

    private sealed class IssuerState(string issuer)
    {
        public string Issuer { get; } = issuer;

        public volatile IssuerKeySet? Current;

        public Task<IssuerKeySet?>? Inflight;

        public DateTimeOffset? LastAttempt;

        public DateTimeOffset? LastUnknownKidFetch;
    }
}
