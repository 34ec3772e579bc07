using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Core.Auth.Srp;

/// <summary>
/// What the server keeps for a user's SRP sign-in: the salt and v = g^x mod N, where
/// x = H(salt | H(poolName | userIdForSrp | ":" | password)). Both are the padHex bytes of their values.
/// </summary>
public sealed class SrpVerifier
{
    private SrpVerifier(byte[] salt, byte[] verifier)
    {
        Salt = salt;
        Verifier = verifier;
    }

    /// <summary>The salt's padHex bytes; sent to the client as lower-case hex (<see cref="SaltHex"/>).</summary>
    public byte[] Salt { get; }

    /// <summary>The verifier's padHex bytes.</summary>
    public byte[] Verifier { get; }

    /// <summary>The SALT challenge parameter.</summary>
    public string SaltHex => Convert.ToHexStringLower(Salt);

    internal BigInteger V => SrpGroup.FromBytes(Verifier);

    /// <summary>
    /// Makes a fresh salt and the verifier for a password. <paramref name="poolName"/> is the part of the pool id after
    /// '_' (see <see cref="PoolName"/>); <paramref name="userIdForSrp"/> is the user's internal username.
    /// </summary>
    public static SrpVerifier Create(string poolName, string userIdForSrp, string password)
    {
        ArgumentNullException.ThrowIfNull(poolName);
        ArgumentNullException.ThrowIfNull(userIdForSrp);
        ArgumentNullException.ThrowIfNull(password);
        return Create(poolName, userIdForSrp, password, RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>As <see cref="Create(string, string, string)"/> with the salt's 16 bytes given.</summary>
    internal static SrpVerifier Create(string poolName, string userIdForSrp, string password, ReadOnlySpan<byte> saltBytes)
    {
        // The salt is sent as padHex(salt), the one spelling that both reference clients read back to the same bytes.
        var salt = SrpGroup.Pad(SrpGroup.FromBytes(saltBytes));
        var x = ComputeX(salt, poolName, userIdForSrp, password);
        var v = BigInteger.ModPow(SrpGroup.G, x, SrpGroup.N);
        return new SrpVerifier(salt, SrpGroup.Pad(v));
    }

    /// <summary>Restores a stored verifier.</summary>
    public static SrpVerifier FromStored(byte[] salt, byte[] verifier)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(verifier);
        return new SrpVerifier([.. salt], [.. verifier]);
    }

    /// <summary>The SRP pool name: what follows the first '_' of a pool id ("us-east-1_AbC" gives "AbC").</summary>
    public static string PoolName(string userPoolId)
    {
        ArgumentNullException.ThrowIfNull(userPoolId);
        var at = userPoolId.IndexOf('_', StringComparison.Ordinal);
        return at < 0 ? userPoolId : userPoolId[(at + 1)..];
    }

    internal static BigInteger ComputeX(byte[] paddedSalt, string poolName, string userIdForSrp, string password)
    {
        var inner = SHA256.HashData(Encoding.UTF8.GetBytes(poolName + userIdForSrp + ":" + password));
        return SrpGroup.HashToInteger([.. paddedSalt, .. inner]);
    }
}
