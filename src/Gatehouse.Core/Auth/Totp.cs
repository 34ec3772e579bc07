using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Core.Auth;

/// <summary>
/// RFC 6238 time-based one-time passwords as Cognito's software token MFA uses them: HMAC-SHA1, 6 digits, 30-second
/// steps counted from the Unix epoch, one step of clock skew accepted either way; secrets are RFC 4648 base32 (upper
/// case, no padding).
/// </summary>
public static class Totp
{
    /// <summary>The length of a code.</summary>
    public const int Digits = 6;

    /// <summary>The length of a step in seconds.</summary>
    public const int StepSeconds = 30;

    /// <summary>The random bytes in a generated secret (160 bits, RFC 4226's recommendation).</summary>
    public const int SecretBytes = 20;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>A fresh random secret as base32: 32 characters, like Cognito's SecretCode.</summary>
    public static string GenerateSecret() => Base32Encode(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The step number of an instant: whole 30-second periods since the Unix epoch.</summary>
    public static long StepOf(DateTimeOffset instant) => instant.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The 6-digit code of <paramref name="secret"/> for the given step.</summary>
    public static string Code(ReadOnlySpan<byte> secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The code of <paramref name="secret"/> at an instant.</summary>
    public static string Code(ReadOnlySpan<byte> secret, DateTimeOffset instant) => Code(secret, StepOf(instant));

    /// <summary>
    /// Checks <paramref name="code"/> against the steps just before, at and just after <paramref name="now"/>, and
    /// returns the step it matched only when that step is later than <paramref name="lastAcceptedStep"/>, so a code
    /// (or an older one) is never accepted twice; null for a wrong, malformed or replayed code. The comparison takes
    /// the same time whichever digits differ.
    /// </summary>
    public static long? Verify(ReadOnlySpan<byte> secret, string? code, DateTimeOffset now, long lastAcceptedStep)
    {
        if (!IsWellFormed(code))
        {
            return null;
        }

        var given = Encoding.ASCII.GetBytes(code!);
        var current = StepOf(now);
        long? matched = null;
        // Every candidate is computed and compared, so timing does not tell which step matched.
        for (var step = current - 1; step <= current + 1; step++)
        {
            var expected = Encoding.ASCII.GetBytes(Code(secret, step));
            if (CryptographicOperations.FixedTimeEquals(expected, given) && step > lastAcceptedStep && matched is null)
            {
                matched = step;
            }
        }

        return matched;
    }

    /// <summary>Exactly six ASCII digits.</summary>
    public static bool IsWellFormed(string? code) => code is { Length: Digits } && code.All(char.IsAsciiDigit);

    /// <summary>RFC 4648 base32 in upper case without padding.</summary>
    public static string Base32Encode(ReadOnlySpan<byte> data)
    {
        var output = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            output.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return output.ToString();
    }

    /// <summary>
    /// Decodes base32; accepts lower case, trailing padding and spaces (as authenticator apps display secrets). Null
    /// when a character is outside the alphabet.
    /// </summary>
    public static byte[]? Base32Decode(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            if (c == ' ')
            {
                continue;
            }

            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }

            buffer &= (1 << bits) - 1;
        }

        return [.. output];
    }
}
