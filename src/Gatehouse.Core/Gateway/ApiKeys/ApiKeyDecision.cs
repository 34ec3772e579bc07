namespace Gatehouse.Core.Gateway.ApiKeys;

/// <summary>
/// What <see cref="ApiKeyGate"/> decided for one request: allowed (with the key's id, for <c>$context.identity.apiKeyId</c>),
/// or the gateway's answer: <see cref="StatusCode"/>, the gateway response type and <c>{"message"}</c>.
/// </summary>
public readonly record struct ApiKeyDecision(bool Allowed, string? KeyId, int StatusCode, string? ResponseType, string? Message)
{
    /// <summary>403 <c>Forbidden</c>: no key, an unknown or disabled key, or a key not in a plan of this stage.</summary>
    public static readonly ApiKeyDecision Forbidden = new(false, null, 403, "INVALID_API_KEY", "Forbidden");

    /// <summary>429 <c>Too Many Requests</c>: the plan's (or the method's) per-key throttle.</summary>
    public static readonly ApiKeyDecision Throttled = new(false, null, 429, "THROTTLED", "Too Many Requests");

    /// <summary>429 <c>Limit Exceeded</c>: the plan's quota for this key is used up in the current period.</summary>
    public static readonly ApiKeyDecision QuotaExceeded = new(false, null, 429, "QUOTA_EXCEEDED", "Limit Exceeded");

    public static ApiKeyDecision Allow(string keyId) => new(true, keyId, 200, null, null);
}
