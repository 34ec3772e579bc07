using System.Collections.Concurrent;
using System.Security.Cryptography;
using Gatehouse.Core.Tokens;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>Why a token was refused by <see cref="GatewayTokenVerifier"/>, or <see cref="None"/>.</summary>
internal enum TokenFailure
{
    None,
    Malformed,
    UntrustedIssuer,
    UnknownKey,
    BadSignature,
    Expired,
    NotYetValid,
    IssuedInFuture,
    Revoked,
}

/// <summary>A verified token, or why there is none.</summary>
internal readonly record struct TokenVerification(TokenFailure Failure, VerifiedToken? Token, TrustedIssuer? Issuer)
{
    public static TokenVerification Fail(TokenFailure failure) => new(failure, null, null);
}

/// <summary>
/// The token check every gateway authorizer shares (DESIGN.md, "Token check"): parse once, pin <c>alg</c> to the key,
/// find the key by <c>kid</c> (a pool of this Gatehouse: in memory; another issuer: <see cref="IssuerKeyCache"/>),
/// verify the signature, then the time claims; remember the verified token by its exact text until <c>exp</c>, and
/// check revocation on every use. Authorizer-specific rules (token use, audience, scopes) are the authorizers'.
/// One instance serves the whole server: a token verified for one authorizer is verified for all that trust its issuer.
/// </summary>
public sealed class GatewayTokenVerifier
{
    private readonly ConcurrentDictionary<string, VerifiedToken> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VerifiedToken>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly SigningKeys _localKeys;
    private readonly IssuerUrls _issuers;
    private readonly RevocationList _revocations;
    private readonly IssuerKeyCache _remoteKeys;
    private readonly TimeProvider _time;
    private readonly AuthorizerOptions _options;

    public GatewayTokenVerifier(
        SigningKeys localKeys, IssuerUrls issuers, RevocationList revocations, IssuerKeyCache remoteKeys, TimeProvider time, AuthorizerOptions options)
    {
        _localKeys = localKeys;
        _issuers = issuers;
        _revocations = revocations;
        _remoteKeys = remoteKeys;
        _time = time;
        _options = options;
        _bySpan = _verified.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The mapping from configured issuers to <c>iss</c> values of this server.</summary>
    public IssuerUrls Issuers => _issuers;

    internal int CachedCount => _verified.Count;

    internal IssuerKeyCache RemoteKeys => _remoteKeys;

    /// <summary>Checks <paramref name="token"/> against the issuers an authorizer trusts. Synchronous for a token seen before.</summary>
    internal ValueTask<TokenVerification> VerifyAsync(TokenText token, IReadOnlyList<TrustedIssuer> trusted, CancellationToken cancellationToken) =>
        _bySpan.TryGetValue(token.Span, out var known)
            ? ValueTask.FromResult(Check(known, trusted))
            : VerifyNewAsync(token.ToString(), trusted, cancellationToken);

    private async ValueTask<TokenVerification> VerifyNewAsync(string token, IReadOnlyList<TrustedIssuer> trusted, CancellationToken cancellationToken)
    {
        var jwt = Jwt.Parse(token);
        if (jwt is null)
        {
            return TokenVerification.Fail(TokenFailure.Malformed);
        }

        // Only RSA algorithms: "none", HS256 keyed with a public key and the like never reach a key.
        var hash = jwt.Header.Alg switch
        {
            "RS256" => HashAlgorithmName.SHA256,
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (hash == default)
        {
            return TokenVerification.Fail(TokenFailure.BadSignature);
        }

        var iss = jwt.Payload.TryGetProperty("iss", out var i) && i.ValueKind == System.Text.Json.JsonValueKind.String ? i.GetString()! : null;
        // An issuer nobody trusts is refused before any key lookup: a token must not make us fetch from a URL it names.
        if (iss is null || TrustedIssuer.Find(trusted, iss) is null)
        {
            return TokenVerification.Fail(TokenFailure.UntrustedIssuer);
        }

        var poolId = _issuers.PoolIdOf(iss);
        RSA? key;
        if (poolId is not null)
        {
            var poolKeys = await _localKeys.GetAsync(poolId, cancellationToken).ConfigureAwait(false);
            var local = poolKeys?.Find(jwt.Header.Kid);
            if (local is null)
            {
                return TokenVerification.Fail(TokenFailure.UnknownKey);
            }

            // A pool's keys are RS256, one for ID tokens and one for access tokens; neither may sign the other's kind.
            var use = jwt.Payload.TryGetProperty("token_use", out var u) && u.ValueKind == System.Text.Json.JsonValueKind.String ? u.GetString() : null;
            if (jwt.Header.Alg != "RS256" || !((use == "id" && local == poolKeys!.Id) || (use == "access" && local == poolKeys!.Access)))
            {
                return TokenVerification.Fail(TokenFailure.BadSignature);
            }

            key = local.Rsa;
        }
        else
        {
            var remote = await _remoteKeys.GetKeyAsync(iss, jwt.Header.Kid, cancellationToken).ConfigureAwait(false);
            if (remote is null)
            {
                return TokenVerification.Fail(TokenFailure.UnknownKey);
            }

            if (remote.Alg is not null && remote.Alg != jwt.Header.Alg)
            {
                return TokenVerification.Fail(TokenFailure.BadSignature);
            }

            key = remote.Rsa;
        }

        if (!key.VerifyData(jwt.SigningInput, jwt.Signature, hash, RSASignaturePadding.Pkcs1))
        {
            return TokenVerification.Fail(TokenFailure.BadSignature);
        }

        var verified = VerifiedToken.Read(iss, poolId is not null, jwt.Payload);
        if (verified.Exp is null)
        {
            return TokenVerification.Fail(TokenFailure.Malformed);
        }

        Remember(token, verified);
        return Check(verified, trusted);
    }

    /// <summary>What may change between two uses of one verified token: the authorizer, the clock, revocation.</summary>
    private TokenVerification Check(VerifiedToken token, IReadOnlyList<TrustedIssuer> trusted)
    {
        var issuer = TrustedIssuer.Find(trusted, token.Issuer);
        if (issuer is null)
        {
            return TokenVerification.Fail(TokenFailure.UntrustedIssuer);
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)_options.ClockSkew.TotalSeconds;
        if (token.Exp <= now - skew)
        {
            return TokenVerification.Fail(TokenFailure.Expired);
        }

        if (token.Nbf > now + skew)
        {
            return TokenVerification.Fail(TokenFailure.NotYetValid);
        }

        if (token.Iat > now + skew)
        {
            return TokenVerification.Fail(TokenFailure.IssuedInFuture);
        }

        if (_options.RejectRevokedTokens && token.IsLocal && token.OriginJti is { } origin && _revocations.IsRevoked(origin))
        {
            return TokenVerification.Fail(TokenFailure.Revoked);
        }

        return new TokenVerification(TokenFailure.None, token, issuer);
    }

    private void Remember(string token, VerifiedToken verified)
    {
        if (_options.MaxCachedTokens <= 0)
        {
            return;
        }

        if (_verified.Count >= _options.MaxCachedTokens)
        {
            // Expired tokens go first; if the cache is still full of live ones, start over rather than track recency.
            var now = _time.GetUtcNow().ToUnixTimeSeconds() - (long)_options.ClockSkew.TotalSeconds;
            foreach (var (text, entry) in _verified)
            {
                if (entry.Exp <= now)
                {
                    _verified.TryRemove(text, out _);
                }
            }

            if (_verified.Count >= _options.MaxCachedTokens)
            {
                _verified.Clear();
            }
        }

        _verified[token] = verified;
    }
}
