using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// Cognito's answer to repeated wrong passwords: after five failures each further one locks sign-in for a doubling
/// time, from 1 second up to 15 minutes, answering "Password attempts exceeded". Wrong MFA codes lock the same way.
/// </summary>
public static class SignInThrottle
{
    private const int FreeFailures = 5;
    private static readonly TimeSpan MaxLock = TimeSpan.FromMinutes(15);

    public static void ThrowIfLocked(User user, DateTimeOffset now)
    {
        if (user.SignInLockedUntil is { } until && until > now)
        {
            throw CognitoException.NotAuthorized("Password attempts exceeded");
        }
    }

    public static void RecordFailure(User user, DateTimeOffset now)
    {
        user.FailedSignIns++;
        Lock(user, user.FailedSignIns, now);
    }

    /// <summary>
    /// A wrong MFA code. These are counted apart from wrong passwords, because the right password, which comes before
    /// every code, resets the password count; only a completed sign-in resets this one.
    /// </summary>
    public static void RecordMfaFailure(User user, DateTimeOffset now)
    {
        user.FailedMfaCodes++;
        Lock(user, user.FailedMfaCodes, now);
    }

    public static void RecordMfaSuccess(User user)
    {
        user.FailedMfaCodes = 0;
        user.SignInLockedUntil = null;
    }

    private static void Lock(User user, int failures, DateTimeOffset now)
    {
        if (failures >= FreeFailures)
        {
            var seconds = Math.Pow(2, Math.Min(failures - FreeFailures, 20));
            var lockFor = TimeSpan.FromSeconds(Math.Min(seconds, MaxLock.TotalSeconds));
            user.SignInLockedUntil = now + lockFor;
        }
    }

    public static void RecordSuccess(User user)
    {
        user.FailedSignIns = 0;
        if (user.FailedMfaCodes == 0)
        {
            user.SignInLockedUntil = null;
        }
    }
}
