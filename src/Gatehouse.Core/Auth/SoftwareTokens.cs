using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// A user's TOTP authenticator (software token MFA): its secrets are kept sealed with the server's
/// <see cref="DataKey"/>, bound to the pool and user, in <see cref="User.Mfa"/>.
/// </summary>
public sealed class SoftwareTokens(DataKey dataKey)
{
    /// <summary>
    /// Checks a code from the user's verified authenticator (the SOFTWARE_TOKEN_MFA challenge). On success the
    /// matched step becomes <see cref="UserMfa.LastSoftwareTokenStep"/>, so the same code is not accepted again:
    /// the caller must save the user. False for a wrong, malformed or replayed code, or when the user has no
    /// verified authenticator.
    /// </summary>
    public bool TryVerify(User user, string? code, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        var secret = user.Mfa is { } mfa ? Open(user, mfa.SoftwareTokenSecret) : null;
        return secret is not null && Accept(user.Mfa!, secret, code, now);
    }

    /// <summary>
    /// AssociateSoftwareToken: a fresh secret becomes the user's pending one (replacing any earlier pending one; a
    /// verified authenticator keeps working until the new one is verified). Returns it as base32 for the user's app.
    /// </summary>
    public string Associate(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var secret = Totp.GenerateSecret();
        var mfa = user.Mfa ??= new UserMfa();
        mfa.PendingSoftwareTokenSecret = dataKey.SealText(Totp.Base32Decode(secret), Context(user));
        return secret;
    }

    /// <summary>
    /// VerifySoftwareToken: a right code from the pending secret makes it the verified one (with
    /// <paramref name="friendlyName"/>); true on success. Enabling the factor is the caller's decision.
    /// </summary>
    public bool VerifyPending(User user, string? code, string? friendlyName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Mfa is not { } mfa || Open(user, mfa.PendingSoftwareTokenSecret) is not { } secret)
        {
            return false;
        }

        // The last accepted step is the user's, not the secret's: a step whose code was accepted once stays used.
        if (!Accept(mfa, secret, code, now))
        {
            return false;
        }

        mfa.SoftwareTokenSecret = mfa.PendingSoftwareTokenSecret;
        mfa.PendingSoftwareTokenSecret = null;
        mfa.SoftwareTokenName = friendlyName;
        return true;
    }

    /// <summary>True when the user has a verified authenticator.</summary>
    public static bool HasVerified(User user) => user?.Mfa?.SoftwareTokenSecret is not null;

    private static bool Accept(UserMfa mfa, byte[] secret, string? code, DateTimeOffset now)
    {
        if (Totp.Verify(secret, code, now, mfa.LastSoftwareTokenStep) is not { } step)
        {
            return false;
        }

        mfa.LastSoftwareTokenStep = step;
        return true;
    }

    private byte[]? Open(User user, string? sealedSecret) => dataKey.OpenText(sealedSecret, Context(user));

    private static string Context(User user) => $"totp|{user.PoolId}|{user.Username}";
}
