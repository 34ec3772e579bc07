using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace Gatehouse.Core.Auth.Srp;

/// <summary>
/// Cognito's SRP-6a parameters and encodings: the RFC 5054 3072-bit group, g = 2, SHA-256. Every hash is taken over
/// the "padHex" encoding the reference clients (amazon-cognito-identity-js, pycognito) use: the minimal big-endian
/// bytes of the value, with a 00 byte in front when the top bit is set. That is exactly the signed two's complement
/// encoding of a non-negative BigInteger, which is what <see cref="Pad"/> returns.
/// </summary>
internal static class SrpGroup
{
    internal const string NHex =
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
        "29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
        "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
        "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
        "83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
        "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
        "DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
        "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
        "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
        "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
        "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
        "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

    internal static readonly BigInteger N = FromHex(NHex);

    internal static readonly BigInteger G = 2;

    /// <summary>k = H(PAD(N) | PAD(g)).</summary>
    internal static readonly BigInteger K = HashToInteger([.. Pad(N), .. Pad(G)]);

    internal static readonly byte[] HkdfInfo = "Caldera Derived Key"u8.ToArray();

    internal const int DerivedKeyBytes = 16;

    /// <summary>The padHex bytes of a non-negative value.</summary>
    internal static byte[] Pad(BigInteger value) => value.ToByteArray(isUnsigned: false, isBigEndian: true);

    /// <summary>The padHex string of a non-negative value, lower case as Cognito sends it.</summary>
    internal static string PadHex(BigInteger value) => Convert.ToHexStringLower(Pad(value));

    internal static BigInteger FromBytes(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    internal static BigInteger FromHex(string hex) =>
        TryParseHex(hex, out var value) ? value : throw new FormatException("Not a hexadecimal number.");

    /// <summary>Parses hex of any length and case, as the clients' BigInteger(hex, 16) does; no sign, no prefix.</summary>
    internal static bool TryParseHex(string? hex, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (string.IsNullOrEmpty(hex))
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        var even = hex.Length % 2 == 0 ? hex : "0" + hex;
        value = FromBytes(Convert.FromHexString(even));
        return true;
    }

    internal static BigInteger HashToInteger(ReadOnlySpan<byte> data) => FromBytes(SHA256.HashData(data));

    /// <summary>Reduces into [0, N), unlike BigInteger's remainder which keeps the dividend's sign.</summary>
    internal static BigInteger Mod(BigInteger value)
    {
        var r = BigInteger.Remainder(value, N);
        return r.Sign < 0 ? r + N : r;
    }

    internal static BigInteger RandomBelowN(int bytes)
    {
        while (true)
        {
            var value = Mod(FromBytes(RandomNumberGenerator.GetBytes(bytes)));
            if (!value.IsZero)
            {
                return value;
            }
        }
    }

    internal static string ToInvariantHex(BigInteger value) => value.ToString("x", CultureInfo.InvariantCulture);
}
