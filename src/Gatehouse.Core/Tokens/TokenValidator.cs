using System.Collections.Concurrent;
using System.Text.Json;

namespace Gatehouse.Core.Tokens;

/// <summary>Why a token was refused, or <see cref="Valid"/>.</summary>
public enum TokenVerdict
{
    Valid,
    Malformed,
    UnknownKey,
    BadSignature,
    WrongIssuer,
    WrongUse,
    Expired,
    Revoked,
}

/// <summary>The outcome of checking a token; <see cref="Claims"/> is set only when valid.</summary>
public sealed record TokenCheck(TokenVerdict Verdict, string? PoolId = null, JsonElement Claims = default)
{
    public bool IsValid => Verdict == TokenVerdict.Valid;

    public string? Claim(string name) =>
        IsValid && Claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// Checks this server's tokens: RS256 only, key by <c>kid</c> among the issuing pool's keys, signature, then
/// <c>iss</c>, <c>token_use</c>, <c>exp</c> and revocation. Verified signatures are cached until the token expires.
/// </summary>
public sealed class TokenValidator(SigningKeys keys, IssuerUrls issuers, RevocationList revocations, TimeProvider time)
{
    private const int CacheLimit = 100_000;
    private readonly ConcurrentDictionary<string, (string PoolId, JsonElement Claims, long Exp)> _verified = new(StringComparer.Ordinal);

    public async ValueTask<TokenCheck> CheckAsync(string? token, string expectedUse, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return new(TokenVerdict.Malformed);
        }

        if (!_verified.TryGetValue(token, out var entry))
        {
            var verified = await VerifySignatureAsync(token, cancellationToken).ConfigureAwait(false);
            if (!verified.IsValid)
            {
                return verified;
            }

            entry = (verified.PoolId!, verified.Claims, verified.Claims.TryGetProperty("exp", out var e) && e.TryGetInt64(out var exp) ? exp : 0);
            if (_verified.Count >= CacheLimit)
            {
                _verified.Clear();
            }

            _verified[token] = entry;
        }

        var claims = entry.Claims;
        if (!claims.TryGetProperty("token_use", out var use) || use.ValueKind != JsonValueKind.String || use.GetString() != expectedUse)
        {
            return new(TokenVerdict.WrongUse);
        }

        if (entry.Exp <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            _verified.TryRemove(token, out _);
            return new(TokenVerdict.Expired);
        }

        if (claims.TryGetProperty("origin_jti", out var origin) && origin.ValueKind == JsonValueKind.String && revocations.IsRevoked(origin.GetString()!))
        {
            return new(TokenVerdict.Revoked);
        }

        return new(TokenVerdict.Valid, entry.PoolId, claims);
    }

    private async ValueTask<TokenCheck> VerifySignatureAsync(string token, CancellationToken cancellationToken)
    {
        var jwt = Jwt.Parse(token);
        if (jwt is null)
        {
            return new(TokenVerdict.Malformed);
        }

        // alg is pinned: the pool's keys are RSA and only RS256 is accepted, so "none" or HS256 never get a chance.
        if (jwt.Header.Alg != "RS256")
        {
            return new(TokenVerdict.BadSignature);
        }

        var iss = jwt.Payload.TryGetProperty("iss", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var poolId = issuers.PoolIdOf(iss);
        if (poolId is null)
        {
            return new(TokenVerdict.WrongIssuer);
        }

        var poolKeys = await keys.GetAsync(poolId, cancellationToken).ConfigureAwait(false);
        var key = poolKeys?.Find(jwt.Header.Kid);
        if (key is null)
        {
            return new(TokenVerdict.UnknownKey);
        }

        if (!Jwt.VerifySignature(key.Rsa, jwt))
        {
            return new(TokenVerdict.BadSignature);
        }

        // An ID token's key must not sign access tokens and vice versa.
        var use = jwt.Payload.TryGetProperty("token_use", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        if ((use == "id" && key != poolKeys!.Id) || (use == "access" && key != poolKeys!.Access))
        {
            return new(TokenVerdict.WrongUse);
        }

        return new(TokenVerdict.Valid, poolId, jwt.Payload);
    }
}
