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
    public static string Sign(RSA key, string kid, ReadOnlySpan<byte> payload)
    {
        var header = TokenIssuer.WriteObject(w =>
        {
            w.WriteString("kid", kid);
            w.WriteString("alg", "RS256");
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
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
            using var payload = JsonDocument.Parse(Decode(token.AsSpan(first + 1, second - first - 1)));
            if (header is null || payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new ParsedJwt(
                header,
                payload.RootElement.Clone(),
                Encoding.ASCII.GetBytes(token[..second]),
                Decode(token.AsSpan(second + 1)));
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
