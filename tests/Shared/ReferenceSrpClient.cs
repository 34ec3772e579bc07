using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Tests;

/// <summary>
/// The client side as amazon-cognito-identity-js computes it, written over hex strings like the reference (padHex,
/// hexHash) rather than reusing the server's helpers, so a shared mistake cannot hide. No xunit here: bench/'s
/// sign-in load mode links this same file.
/// </summary>
internal sealed class ReferenceSrpClient
{
    internal const string NHex =
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
        "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
        "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
        "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

    internal static readonly BigInteger N = Parse(NHex);
    private static readonly BigInteger G = 2;
    private static readonly BigInteger K = Parse(HexHash(PadHex(N) + PadHex(G)));

    private readonly BigInteger _a;

    public ReferenceSrpClient()
    {
        _a = Parse(Convert.ToHexString(RandomNumberGenerator.GetBytes(128))) % N;
        LargeA = BigInteger.ModPow(G, _a, N);
    }

    public BigInteger LargeA { get; }

    /// <summary>SRP_A as the clients send it: unpadded hex.</summary>
    public string SrpA => LargeA.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');

    public byte[] PasswordAuthenticationKey(string poolName, string userIdForSrp, string password, string srpB, string salt)
    {
        var b = Parse(srpB);
        var u = Parse(HexHash(PadHex(LargeA) + PadHex(b)));
        if (u.IsZero)
        {
            // The reference client aborts here too; it happens only for a hostile or broken B.
            throw new InvalidOperationException("u = H(PAD(A) | PAD(B)) is zero.");
        }

        var userPasswordHash = Hash(Encoding.UTF8.GetBytes($"{poolName}{userIdForSrp}:{password}"));
        var x = Parse(HexHash(PadHex(Parse(salt)) + userPasswordHash));
        var baseValue = (b - K * BigInteger.ModPow(G, x, N)) % N;
        if (baseValue.Sign < 0)
        {
            baseValue += N;
        }

        var s = BigInteger.ModPow(baseValue, _a + u * x, N);
        var prk = HMACSHA256.HashData(Convert.FromHexString(PadHex(u)), Convert.FromHexString(PadHex(s)));
        byte[] info = [.. "Caldera Derived Key"u8, 1];
        return HMACSHA256.HashData(prk, info)[..16];
    }

    public string Signature(string poolName, string userIdForSrp, string password, string srpB, string salt,
        string secretBlockBase64, string timestamp)
    {
        var key = PasswordAuthenticationKey(poolName, userIdForSrp, password, srpB, salt);
        byte[] message =
        [
            .. Encoding.UTF8.GetBytes(poolName),
            .. Encoding.UTF8.GetBytes(userIdForSrp),
            .. Convert.FromBase64String(secretBlockBase64),
            .. Encoding.UTF8.GetBytes(timestamp),
        ];
        return Convert.ToBase64String(HMACSHA256.HashData(key, message));
    }

    internal static string PadHex(BigInteger value)
    {
        var hex = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        if (hex.Length == 0)
        {
            hex = "0";
        }

        if (hex.Length % 2 == 1)
        {
            return "0" + hex;
        }

        return "89abcdef".Contains(hex[0], StringComparison.Ordinal) ? "00" + hex : hex;
    }

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string HexHash(string hex) => Hash(Convert.FromHexString(hex));

    private static BigInteger Parse(string hex) => BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
