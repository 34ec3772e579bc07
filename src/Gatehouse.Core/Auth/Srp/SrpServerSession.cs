using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Core.Auth.Srp;

/// <summary>Why a PASSWORD_VERIFIER answer was or was not accepted.</summary>
public enum SrpClaimResult
{
    /// <summary>The client proved it knows the password.</summary>
    Valid,

    /// <summary>SRP_A is not hexadecimal or is 0 mod N.</summary>
    InvalidA,

    /// <summary>The TIMESTAMP is malformed or outside <see cref="SrpTimestamp.Window"/>.</summary>
    InvalidTimestamp,

    /// <summary>The signature is malformed or does not match (a wrong password, or a tampered answer).</summary>
    InvalidSignature,
}

/// <summary>
/// The server side of one SRP sign-in: holds the secret b and B = (k·v + g^b) mod N, and checks the client's
/// PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, poolName | userIdForSrp | secretBlock | timestamp)), where key is
/// HKDF-SHA256(ikm = PAD(S), salt = PAD(u), info = "Caldera Derived Key")[0..16), u = H(PAD(A) | PAD(B)) and
/// S = (A·v^u)^b mod N.
/// </summary>
public sealed class SrpServerSession
{
    private readonly SrpVerifier _verifier;
    private readonly BigInteger _b;
    private readonly BigInteger _publicB;

    private SrpServerSession(SrpVerifier verifier, BigInteger b)
    {
        _verifier = verifier;
        _b = b;
        _publicB = SrpGroup.Mod(SrpGroup.K * verifier.V + BigInteger.ModPow(SrpGroup.G, b, SrpGroup.N));
    }

    /// <summary>The SRP_B challenge parameter (lower-case hex, as Cognito sends it).</summary>
    public string PublicBHex => SrpGroup.ToInvariantHex(_publicB);

    /// <summary>The SALT challenge parameter.</summary>
    public string SaltHex => _verifier.SaltHex;

    /// <summary>The secret b, for a caller that must carry the session across requests (keep it encrypted).</summary>
    public byte[] PrivateB => SrpGroup.Pad(_b);

    /// <summary>Starts a session with a fresh random 256-bit b.</summary>
    public static SrpServerSession Start(SrpVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        while (true)
        {
            var session = new SrpServerSession(verifier, SrpGroup.RandomBelowN(32));
            // B ≡ 0 would make the client abort; it is astronomically unlikely, but costs nothing to exclude.
            if (!session._publicB.IsZero)
            {
                return session;
            }
        }
    }

    /// <summary>Resumes a session from the b kept by <see cref="PrivateB"/>.</summary>
    public static SrpServerSession Resume(SrpVerifier verifier, byte[] privateB)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(privateB);
        var b = SrpGroup.FromBytes(privateB);
        if (b.IsZero || b >= SrpGroup.N)
        {
            throw new ArgumentException("Not a session secret.", nameof(privateB));
        }

        return new SrpServerSession(verifier, b);
    }

    /// <summary>
    /// Checks a PASSWORD_VERIFIER answer. <paramref name="srpA"/> is the client's SRP_A (hex);
    /// <paramref name="secretBlock"/> is the decoded SECRET_BLOCK the server handed out; the timestamp must be within
    /// <see cref="SrpTimestamp.Window"/> of <paramref name="clock"/>.
    /// </summary>
    public SrpClaimResult Verify(
        string poolName,
        string userIdForSrp,
        string? srpA,
        ReadOnlySpan<byte> secretBlock,
        string? timestamp,
        string? signature,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(poolName);
        ArgumentNullException.ThrowIfNull(userIdForSrp);
        ArgumentNullException.ThrowIfNull(clock);
        if (!SrpGroup.TryParseHex(srpA, out var a) || SrpGroup.Mod(a).IsZero)
        {
            return SrpClaimResult.InvalidA;
        }

        if (!SrpTimestamp.IsCurrent(timestamp, clock))
        {
            return SrpClaimResult.InvalidTimestamp;
        }

        var claimed = new byte[HMACSHA256.HashSizeInBytes];
        if (signature is null || !Convert.TryFromBase64String(signature, claimed, out var written)
            || written != claimed.Length)
        {
            return SrpClaimResult.InvalidSignature;
        }

        var key = DeriveKey(a);
        if (key is null)
        {
            return SrpClaimResult.InvalidA;
        }

        byte[] message =
        [
            .. Encoding.UTF8.GetBytes(poolName),
            .. Encoding.UTF8.GetBytes(userIdForSrp),
            .. secretBlock,
            .. Encoding.UTF8.GetBytes(timestamp!),
        ];
        var expected = HMACSHA256.HashData(key, message);
        return CryptographicOperations.FixedTimeEquals(expected, claimed)
            ? SrpClaimResult.Valid
            : SrpClaimResult.InvalidSignature;
    }

    /// <summary>The 16-byte session key, or null when u = 0.</summary>
    internal byte[]? DeriveKey(BigInteger a)
    {
        var u = SrpGroup.HashToInteger([.. SrpGroup.Pad(a), .. SrpGroup.Pad(_publicB)]);
        if (u.IsZero)
        {
            return null;
        }

        var s = BigInteger.ModPow(SrpGroup.Mod(a * BigInteger.ModPow(_verifier.V, u, SrpGroup.N)), _b, SrpGroup.N);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, SrpGroup.Pad(s), SrpGroup.DerivedKeyBytes, SrpGroup.Pad(u),
            SrpGroup.HkdfInfo);
    }
}
