using System.Runtime.CompilerServices;

namespace Gatehouse.Core.Gateway.Throttling;

/// <summary>
/// A REST API stage's throttling, as AWS applies it: every method has its own token bucket with the limits of its
/// method setting (<c>~1news/DELETE</c>), else the stage's default (<c>*/*</c>), and every request also takes a token from
/// the account's bucket (10000 requests a second, burst 5000, shared by all APIs). A throttled request gets 429
/// <c>{"message":"Too Many Requests"}</c> (gateway response <c>THROTTLED</c>); answering is the gateway's part.
/// </summary>
public sealed class StageThrottle
{
    /// <summary>AWS's default account-level steady rate, requests per second.</summary>
    public const double AccountRateLimit = 10000;

    /// <summary>AWS's default account-level burst.</summary>
    public const int AccountBurstLimit = 5000;

    private readonly TimeProvider _time;
    private readonly double _accountRate;
    private readonly int _accountBurst;
    private readonly TokenBucket _account;
    private readonly RateLimiters<(string ApiId, string Stage, string ResourcePath, string Verb)> _methods;
    private readonly ConditionalWeakTable<Stage, CompiledSettings> _compiled = [];

    public StageThrottle(TimeProvider time, double accountRateLimit = AccountRateLimit, int accountBurstLimit = AccountBurstLimit)
    {
        _time = time;
        _accountRate = accountRateLimit;
        _accountBurst = accountBurstLimit;
        _account = new TokenBucket(accountRateLimit, accountBurstLimit, time.GetUtcNow().UtcTicks);
        _methods = new(time);
    }

    /// <summary>
    /// Whether a request to <paramref name="httpMethod"/> (the method as declared: <c>ANY</c> for an ANY method) on
    /// <paramref name="resourcePath"/> (the resource's path template, e.g. <c>/users/{id}</c>) may go on. Pass the same
    /// <see cref="Stage"/> instance while its settings are unchanged (the deployed stage the gateway caches): its
    /// method settings are decoded once per instance.
    /// </summary>
    public bool TryAcquire(string apiId, Stage stage, string resourcePath, string httpMethod)
    {
        var limits = _compiled.GetValue(stage, static s => new CompiledSettings(s)).Limits(resourcePath, httpMethod);
        if (limits is { } method && !_methods.TryAcquire((apiId, stage.StageName ?? "", resourcePath, httpMethod), method.Rate, method.Burst))
        {
            return false;
        }

        return _account.TryTake(_accountRate, _accountBurst, _time.GetUtcNow().UtcTicks);
    }

    /// <summary>A stage's throttling settings keyed by (resource path, verb), decoded from AWS's <c>~1path/VERB</c> keys.</summary>
    private sealed class CompiledSettings
    {
        private readonly Dictionary<(string Path, string Verb), (double Rate, int Burst)> _methods = [];
        private readonly (double Rate, int Burst)? _stageDefault;

        public CompiledSettings(Stage stage)
        {
            foreach (var (key, setting) in stage.MethodSettings ?? [])
            {
                if (setting.ThrottlingRateLimit is null && setting.ThrottlingBurstLimit is null)
                {
                    continue;
                }

                var limits = (setting.ThrottlingRateLimit ?? AccountRateLimit, setting.ThrottlingBurstLimit ?? AccountBurstLimit);
                if (key == "*/*")
                {
                    _stageDefault = limits;
                    continue;
                }

                var slash = key.LastIndexOf('/');
                if (slash > 0)
                {
                    _methods[(PatchTable.Decode(key[..slash]), key[(slash + 1)..])] = limits;
                }
            }
        }

        public (double Rate, int Burst)? Limits(string path, string verb) =>
            _methods.TryGetValue((path, verb), out var limits) ? limits : _stageDefault;
    }
}
