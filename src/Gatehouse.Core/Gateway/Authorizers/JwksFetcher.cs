using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// Fetches an external issuer's signing keys: <c>{issuer}/.well-known/openid-configuration</c>, then its
/// <c>jwks_uri</c>, both within <see cref="AuthorizerOptions.FetchTimeout"/> (measured on the injected clock). Takes
/// the <see cref="HttpMessageHandler"/> to send through, so tests can count what reaches a fake issuer.
/// </summary>
public sealed class JwksFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public JwksFetcher(HttpMessageHandler handler, TimeProvider time, AuthorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _timeout = options.FetchTimeout;
        _http = new HttpClient(handler, disposeHandler: false)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = options.MaxDocumentBytes,
        };
    }

    /// <summary>
    /// The issuer's current RSA signing keys by <c>kid</c>. Throws <see cref="TimeoutException"/> past the timeout,
    /// <see cref="HttpRequestException"/> for a failed request, <see cref="InvalidDataException"/> for a document that is
    /// not what OIDC discovery promises.
    /// </summary>
    public async Task<IssuerKeySet> FetchAsync(string issuer, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) || issuerUri.Scheme is not ("https" or "http"))
        {
            throw new InvalidDataException($"The issuer '{issuer}' is not an absolute http(s) URL.");
        }

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var discovery = await GetAsync(new Uri(issuer.TrimEnd('/') + "/.well-known/openid-configuration"), AuthorizerJson.Default.OpenIdConfiguration, linked.Token).ConfigureAwait(false);
            if (!Uri.TryCreate(discovery.JwksUri, UriKind.Absolute, out var jwksUri) || jwksUri.Scheme is not ("https" or "http"))
            {
                throw new InvalidDataException($"The discovery document of '{issuer}' has no absolute http(s) jwks_uri.");
            }

            var jwks = await GetAsync(jwksUri, AuthorizerJson.Default.JwksDocument, linked.Token).ConfigureAwait(false);
            return new IssuerKeySet(ReadKeys(jwks), _time.GetUtcNow());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Fetching the keys of '{issuer}' took longer than {_timeout.TotalSeconds:0.###} s.");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> GetAsync<T>(Uri uri, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{uri} answered null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{uri} did not answer a JSON object of the expected shape.", e);
        }
    }

    // Only RSA signing keys with a kid can verify a token here; anything else in the set is skipped, not fatal.
    private static Dictionary<string, RemoteKey> ReadKeys(JwksDocument jwks)
    {
        var keys = new Dictionary<string, RemoteKey>(StringComparer.Ordinal);
        foreach (var jwk in jwks.Keys ?? [])
        {
            if (jwk is not { Kty: "RSA", Kid: { Length: > 0 } kid, N: { } n, E: { } e } || jwk.Use is not (null or "sig")
                || jwk.Alg is not (null or "RS256" or "RS384" or "RS512"))
            {
                continue;
            }

            try
            {
                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) });
                keys.TryAdd(kid, new RemoteKey(kid, jwk.Alg, rsa));
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                // A malformed key cannot sign anything we would accept.
            }
        }

        return keys;
    }
}

/// <summary>An external issuer's keys as fetched at <see cref="FetchedAt"/>.</summary>
public sealed record IssuerKeySet(IReadOnlyDictionary<string, RemoteKey> Keys, DateTimeOffset FetchedAt);

/// <summary>One RSA key of an external issuer; <see cref="Alg"/> pins the algorithm when the JWKS names one.</summary>
public sealed record RemoteKey(string Kid, string? Alg, RSA Rsa);

internal sealed record OpenIdConfiguration(
    [property: JsonPropertyName("issuer")] string? Issuer,
    [property: JsonPropertyName("jwks_uri")] string? JwksUri);

internal sealed record JwksDocument([property: JsonPropertyName("keys")] List<JwkEntry>? Keys);

internal sealed record JwkEntry(
    [property: JsonPropertyName("kty")] string? Kty,
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("alg")] string? Alg,
    [property: JsonPropertyName("use")] string? Use,
    [property: JsonPropertyName("n")] string? N,
    [property: JsonPropertyName("e")] string? E);

[JsonSerializable(typeof(OpenIdConfiguration))]
[JsonSerializable(typeof(JwksDocument))]
internal sealed partial class AuthorizerJson : JsonSerializerContext;
