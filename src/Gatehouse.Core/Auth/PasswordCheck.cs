using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// A password verified ahead of the write transaction. PBKDF2 at production cost takes a large fraction of a second;
/// doing it while holding the store's single writer would serialise every sign-in and every write behind it. The
/// result stands only while the user's stored hash is the one it was checked against.
/// </summary>
public sealed record PasswordCheck(string UserKey, string? Hash, bool Matches)
{
    public static PasswordCheck Of(User user, string password) => new(user.Key, user.PasswordHash, PasswordHasher.Verify(password, user.PasswordHash));

    /// <summary>Whether <paramref name="password"/> is the user's, reusing this check when the user is unchanged.</summary>
    public static bool Verify(PasswordCheck? check, User user, string password) =>
        check is not null && check.UserKey == user.Key && check.Hash == user.PasswordHash
            ? check.Matches
            : PasswordHasher.Verify(password, user.PasswordHash);
}
