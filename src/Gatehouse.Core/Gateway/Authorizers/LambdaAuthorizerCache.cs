using System.Collections.Concurrent;
using System.Text.Json;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// Lambda authorizers' results, kept for their <c>authorizerResultTtlInSeconds</c> by API, stage, authorizer and
/// identity source values. It outlives the compiled stages (which are rebuilt on every management write), so a
/// deployment elsewhere does not re-invoke every authorizer; an authorizer whose function or format changed gets new
/// keys. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class LambdaAuthorizerCache(TimeProvider time)
{
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many results are held, expired ones included until they are swept.</summary>
    public int Count => _entries.Count;

    /// <summary>Forgets every result of one API's stage: <c>FlushStageAuthorizersCache</c>.</summary>
    public void Flush(string apiId, string stage)
    {
        var prefix = apiId + "\n" + stage + "\n";
        foreach (var key in _entries.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    internal bool TryGet(string key, out LambdaAuthorizerResult result)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > time.GetUtcNow())
            {
                result = entry.Result;
                return true;
            }

            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        result = null!;
        return false;
    }

    internal void Set(string key, LambdaAuthorizerResult result, int ttlSeconds)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= Capacity)
        {
            foreach (var (k, e) in _entries)
            {
                if (e.Expires <= now)
                {
                    _entries.TryRemove(k, out _);
                }
            }

            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
        }

        _entries[key] = new Entry(now.AddSeconds(ttlSeconds), result);
    }

    private sealed record Entry(DateTimeOffset Expires, LambdaAuthorizerResult Result);
}

/// <summary>A Lambda authorizer's parsed answer: a policy (or a simple response's verdict), the principal and the context.</summary>
internal sealed record LambdaAuthorizerResult(
    string PrincipalId, IamPolicy? Policy, bool IsAuthorized, IReadOnlyDictionary<string, JsonElement> Context, string? UsageIdentifierKey);
