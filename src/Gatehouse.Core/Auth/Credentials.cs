using Gatehouse.Core.Auth.Srp;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// A user's password credentials: the PBKDF2 hash for password sign-in, and beside it the SRP verifier for
/// USER_SRP_AUTH, which the server keeps encrypted with its <see cref="DataKey"/> because a verifier admits a fast
/// offline guess that the slow hash is there to prevent.
/// </summary>
public sealed class Credentials(DataKey dataKey)
{
    /// <summary>The server's data key, for the other secrets sealed with it.</summary>
    public DataKey DataKey { get; } = dataKey;

    /// <summary>
    /// Gives the user a password: <paramref name="hash"/> is its PBKDF2 hash, made before the write transaction began;
    /// the SRP verifier is derived here, once the user's internal username is known.
    /// </summary>
    public void Set(User user, string hash, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.PasswordHash = hash;
        SetVerifier(user, password);
    }

    /// <summary>Removes the password (an imported user, or an administrator's reset).</summary>
    public static void Clear(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.PasswordHash = null;
        user.SrpVerifier = null;
    }

    /// <summary>
    /// Adds the SRP verifier a user lacks after a password sign-in proved the password, so users whose password
    /// predates SRP can use it from then on. True when the user changed and must be saved.
    /// </summary>
    public bool Backfill(User user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.SrpVerifier is not null || user.PasswordHash is null)
        {
            return false;
        }

        SetVerifier(user, password);
        return true;
    }

    /// <summary>The user's SRP verifier, or null when the user has none (or it does not open under this key).</summary>
    public SrpVerifier? VerifierOf(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var opened = DataKey.OpenText(user.SrpVerifier, Context(user));
        if (opened is not { Length: > 1 } || opened[0] + 1 >= opened.Length)
        {
            return null;
        }

        var saltLength = opened[0];
        return SrpVerifier.FromStored(opened[1..(1 + saltLength)], opened[(1 + saltLength)..]);
    }

    private void SetVerifier(User user, string password)
    {
        var verifier = SrpVerifier.Create(SrpVerifier.PoolName(user.PoolId), user.Username, password);
        byte[] plain = [(byte)verifier.Salt.Length, .. verifier.Salt, .. verifier.Verifier];
        user.SrpVerifier = DataKey.SealText(plain, Context(user));
    }

    private static string Context(User user) => $"srp-verifier|{user.PoolId}|{user.Username}";
}
