using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Gatehouse.Tests;

/// <summary>
/// RFC 6238 (HMAC-SHA1, 6 digits, 30 s) written out here rather than taken from Gatehouse, so the server's TOTP is
/// checked against a second implementation.
/// </summary>
internal static class ReferenceTotp
{
    /// <summary>The 30-second step of an instant.</summary>
    public static long StepOf(DateTimeOffset instant) => instant.ToUnixTimeSeconds() / 30;

    /// <summary>The code for a base32 secret (as AssociateSoftwareToken's SecretCode) at a step.</summary>
    public static string Code(string base32, long step)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in base32)
        {
            buffer = (buffer << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }

            buffer &= (1 << bits) - 1;
        }

        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(bytes.ToArray(), counter);
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>A six-digit code that is not <paramref name="code"/>.</summary>
    public static string Wrong(string code) => code == "000000" ? "111111" : "000000";
}
