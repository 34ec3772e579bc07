using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gatehouse.Core.Tokens;

/// <summary>Compact JWS with RS256: just enough to sign and parse Cognito's tokens, nothing more permissive.</summary>
public static class Jwt
{
    /// <summary>Signs <paramref name="payload"/> (UTF-8 JSON) under a <c>{"kid","alg":"RS256"}</c> header.</summary>
    public static string Sign(RSA key, string kid, ReadOnlySpan<byte> payload) => Sign(key, HeaderSegment(kid), payload);

    /// <summary>
    /// The first segment of every token signed with <paramref name="kid"/>: the base64url of
    /// <c>{"kid","alg":"RS256"}</c> and the dot after it, as ASCII. Made once per key (see <see cref="LoadedKey"/>).
    /// </summary>
    public static byte[] HeaderSegment(string kid)
    {
        var header = TokenIssuer.WriteObject(w =>
        {
            w.WriteString("kid", kid);
            w.WriteString("alg", "RS256");
        });
        return Encoding.ASCII.GetBytes(Base64Url.EncodeToString(header) + ".");
    }

    /// <summary>
    /// Signs <paramref name="payload"/> (UTF-8 JSON) under a header made by <see cref="HeaderSegment"/>. The signing
    /// input, the signature and the token are built in one pooled buffer: the only allocation is the token string.
    /// </summary>
    public static string Sign(RSA key, ReadOnlySpan<byte> headerSegment, ReadOnlySpan<byte> payload)
    {
        var signatureLength = (key.KeySize + 7) / 8;
        var inputLength = headerSegment.Length + Base64Url.GetEncodedLength(payload.Length);
        var tokenLength = inputLength + 1 + Base64Url.GetEncodedLength(signatureLength);
        var buffer = ArrayPool<byte>.Shared.Rent(tokenLength + signatureLength);
        try
        {
            var token = buffer.AsSpan(0, tokenLength);
            headerSegment.CopyTo(token);
            Base64Url.EncodeToUtf8(payload, token[headerSegment.Length..inputLength]);
            var signature = buffer.AsSpan(tokenLength, signatureLength);
            if (!key.TrySignData(token[..inputLength], signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out var written)
                || written != signatureLength)
            {
                throw new CryptographicException("The RS256 signature did not have the key's length.");
            }

            token[inputLength] = (byte)'.';
            Base64Url.EncodeToUtf8(signature, token[(inputLength + 1)..]);
            return Encoding.ASCII.GetString(token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Splits a compact JWS and decodes its header and payload. Returns null for anything malformed.</summary>
    public static ParsedJwt? Parse(string token)
    {
        if (token.Length > 16 * 1024)
        {
            return null;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            return null;
        }

        try
        {
            var header = JsonSerializer.Deserialize(Decode(token.AsSpan(0, first)), TokenJson.Default.JwtHeader);
            // ParseValue gives an element that owns its memory: no pooled document to dispose, no copy to make.
            var reader = new Utf8JsonReader(Decode(token.AsSpan(first + 1, second - first - 1)));
            var payload = JsonElement.ParseValue(ref reader);
            if (header is null || payload.ValueKind != JsonValueKind.Object || reader.Read())
            {
                return null;
            }

            var signingInput = new byte[second];
            Encoding.ASCII.GetBytes(token.AsSpan(0, second), signingInput);
            return new ParsedJwt(header, payload, signingInput, Decode(token.AsSpan(second + 1)));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    public static bool VerifySignature(RSA key, ParsedJwt jwt) =>
        key.VerifyData(jwt.SigningInput, jwt.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    private static byte[] Decode(ReadOnlySpan<char> part)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(part.Length));
        try
        {
            if (Base64Url.DecodeFromChars(part, buffer, out _, out var written) != OperationStatus.Done)
            {
                throw new FormatException("Not base64url.");
            }

            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>A JWS header as Cognito writes it.</summary>
public sealed record JwtHeader(
    [property: System.Text.Json.Serialization.JsonPropertyName("kid")] string? Kid,
    [property: System.Text.Json.Serialization.JsonPropertyName("alg")] string? Alg);

/// <summary>A JWS split into its parts; the signature is not yet verified.</summary>
public sealed record ParsedJwt(JwtHeader Header, JsonElement Payload, byte[] SigningInput, byte[] Signature);
