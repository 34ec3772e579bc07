using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Server.Oidc;

/// <summary>
/// <c>POST /oauth2/token</c>: parses the form (and, as Cognito allows, the query string) and the client's credentials,
/// lets Core's <see cref="TokenGrants"/> decide, and renders RFC 6749's JSON.
/// </summary>
internal static class TokenEndpoint
{
    // Far above any legitimate token request (a refresh token is under 200 characters), far below a memory problem.
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task HandleAsync(HttpContext context, TokenGrants grants)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        try
        {
            var request = await ParseAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            var issued = await grants.IssueAsync(request, context.RequestAborted).ConfigureAwait(false);
            var body = new TokenResponseBody
            {
                IdToken = issued.IdToken,
                AccessToken = issued.AccessToken,
                RefreshToken = issued.RefreshToken,
                ExpiresIn = issued.ExpiresIn,
            };
            response.ContentType = "application/json;charset=UTF-8";
            await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, TokenEndpointJson.Default.TokenResponseBody), context.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (OAuthError error)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
        }
    }

    public static async Task WriteErrorAsync(HttpContext context, OAuthError error)
    {
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        if (error.Challenge)
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"oauth2\"";
        }

        response.ContentType = "application/json;charset=UTF-8";
        await response.Body.WriteAsync(
            JsonSerializer.SerializeToUtf8Bytes(new OAuthErrorBody { Error = error.Error }, TokenEndpointJson.Default.OAuthErrorBody), context.RequestAborted)
            .ConfigureAwait(false);
    }

    private static async Task<TokenRequest> ParseAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in form.Concat(request.Query))
        {
            // RFC 6749 3.2: a parameter sent more than once, in the body or across body and query, is malformed.
            if (values.Count != 1 || !parameters.TryAdd(name, values[0] ?? ""))
            {
                throw OAuthError.InvalidRequest();
            }
        }

        var clientId = Value(parameters, "client_id");
        var clientSecret = Value(parameters, "client_secret");
        var basic = BasicCredentials(request);
        if (basic is { } credentials)
        {
            if (clientSecret is not null)
            {
                throw OAuthError.InvalidRequest();
            }

            if (clientId is not null && clientId != credentials.Id)
            {
                throw OAuthError.InvalidClient(usedBasic: true);
            }

            (clientId, clientSecret) = credentials;
        }

        return new TokenRequest(
            Value(parameters, "grant_type"), clientId, clientSecret, basic is not null, Value(parameters, "scope"), Value(parameters, "refresh_token"),
            DomainOf(request.Host.Host));
    }

    /// <summary>The pool domain of a <c>Host: {domain}.auth.localhost</c> request, else null.</summary>
    private static string? DomainOf(string host)
    {
        const string Suffix = ".auth.localhost";
        return host.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) && host.Length > Suffix.Length
            ? host[..^Suffix.Length].ToLowerInvariant()
            : null;
    }

    private static string? Value(Dictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static async Task<Dictionary<string, StringValues>> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw OAuthError.InvalidRequest();
        }

        // One pooled buffer with room for one byte past the limit, so an oversized body is seen without reading it all.
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        var length = 0;
        string text;
        try
        {
            try
            {
                int read;
                while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBodyBytes + 1 - length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > MaxBodyBytes)
                    {
                        throw OAuthError.InvalidRequest();
                    }
                }
            }
            catch (BadHttpRequestException)
            {
                throw OAuthError.InvalidRequest();
            }

            if (length == 0)
            {
                return [];
            }

            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !string.Equals(type.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                throw OAuthError.InvalidRequest();
            }

            try
            {
                text = StrictUtf8.GetString(buffer, 0, length);
            }
            catch (DecoderFallbackException)
            {
                throw OAuthError.InvalidRequest();
            }
        }
        finally
        {
            // The body may hold a client secret or a refresh token.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!WellEscaped(text))
        {
            throw OAuthError.InvalidRequest();
        }

        return QueryHelpers.ParseQuery(text);
    }

    // ParseQuery keeps a stray '%' as it is; a form that has one was not encoded by a form encoder.
    private static bool WellEscaped(string text)
    {
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !Uri.IsHexDigit(text[i + 1]) || !Uri.IsHexDigit(text[i + 2]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// client_secret_basic: base64 of <c>id:secret</c>, each form-urlencoded first (RFC 6749 2.3.1). Null when the
    /// request has no Basic credentials; a Basic header that does not decode fails as invalid_client.
    /// </summary>
    private static (string Id, string Secret)? BasicCredentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = StrictUtf8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw OAuthError.InvalidClient(usedBasic: true);
            }

            return (FormDecode(decoded[..colon]), FormDecode(decoded[(colon + 1)..]));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw OAuthError.InvalidClient(usedBasic: true);
        }
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}

internal sealed class TokenResponseBody
{
    [JsonPropertyName("id_token")] public string? IdToken { get; set; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
    [JsonPropertyName("token_type")] public string TokenType { get; set; } = "Bearer";
}

internal sealed class OAuthErrorBody
{
    [JsonPropertyName("error")] public string? Error { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponseBody))]
[JsonSerializable(typeof(OAuthErrorBody))]
internal sealed partial class TokenEndpointJson : JsonSerializerContext;
