using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Tokens;

/// <summary>
/// Every pool's RSA keys, one for ID tokens and one for access tokens, loaded once from the store and kept in memory.
/// <paramref name="newKey"/> makes a fresh 2048-bit key; tests pass ready-made ones because generation is slow.
/// </summary>
public sealed class SigningKeys(IGatehouseStore store, TimeProvider time, Func<RSA> newKey)
{
    private readonly ConcurrentDictionary<string, PoolKeys> _pools = new(StringComparer.Ordinal);

    /// <summary>Creates a pool's keys inside the transaction that creates the pool.</summary>
    public async Task CreateAsync(IStoreSession session, string poolId, CancellationToken cancellationToken)
    {
        foreach (var use in new[] { "id", "access" })
        {
            using var rsa = newKey();
            var key = new SigningKey
            {
                PoolId = poolId,
                Use = use,
                PrivateKey = rsa.ExportPkcs8PrivateKey(),
                Kid = KidOf(rsa),
                Created = time.GetUtcNow(),
            };
            await session.SaveSigningKeyAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The pool's keys, or null when the pool has none (it does not exist).</summary>
    public async ValueTask<PoolKeys?> GetAsync(string poolId, CancellationToken cancellationToken)
    {
        if (_pools.TryGetValue(poolId, out var cached))
        {
            return cached;
        }

        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        var stored = await session.ListSigningKeysAsync(poolId, cancellationToken).ConfigureAwait(false);
        var id = stored.Where(k => k.Use == "id").MaxBy(k => k.Created);
        var access = stored.Where(k => k.Use == "access").MaxBy(k => k.Created);
        if (id is null || access is null)
        {
            return null;
        }

        var keys = new PoolKeys(Load(id), Load(access));
        return _pools.GetOrAdd(poolId, keys);
    }

    /// <summary>Forgets a deleted pool's keys.</summary>
    public void Evict(string poolId) => _pools.TryRemove(poolId, out _);

    private static LoadedKey Load(SigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.PrivateKey, out _);
        return new LoadedKey(key.Kid, rsa);
    }

    private static string KidOf(RSA rsa)
    {
        var parameters = rsa.ExportParameters(false);
        return Convert.ToBase64String(SHA256.HashData(parameters.Modulus!));
    }
}

/// <summary>A key ready to sign and verify. RSA on OpenSSL is safe to share across threads for these operations.</summary>
public sealed record LoadedKey(string Kid, RSA Rsa)
{
    /// <summary>The JWS header segment of every token this key signs (<see cref="Jwt.HeaderSegment"/>), made once.</summary>
    public byte[] HeaderSegment { get; } = Jwt.HeaderSegment(Kid);

    /// <summary>Signs a payload (UTF-8 JSON) as a compact RS256 JWS under this key's header.</summary>
    public string Sign(ReadOnlySpan<byte> payload) => Jwt.Sign(Rsa, HeaderSegment, payload);
}

public sealed record PoolKeys(LoadedKey Id, LoadedKey Access)
{
    public LoadedKey? Find(string? kid) => kid == Id.Kid ? Id : kid == Access.Kid ? Access : null;

    public JsonWebKeySet ToJwks() => new([ToJwk(Id), ToJwk(Access)]);

    private static JsonWebKey ToJwk(LoadedKey key)
    {
        var parameters = key.Rsa.ExportParameters(false);
        return new JsonWebKey("RS256", IdGenerator.Base64Url(parameters.Exponent), key.Kid, "RSA", IdGenerator.Base64Url(parameters.Modulus), "sig");
    }
}

public sealed record JsonWebKeySet([property: JsonPropertyName("keys")] IReadOnlyList<JsonWebKey> Keys);

public sealed record JsonWebKey(
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("e")] string E,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("use")] string Use);
