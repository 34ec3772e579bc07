using System.Text.RegularExpressions;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Makes new users the way Cognito does: a UUID <c>sub</c>; in pools that sign in with email or phone
/// (UsernameAttributes) the typed name must be one of those and the internal username is the <c>sub</c>.
/// </summary>
public static partial class UserFactory
{
    public static User Create(UserPool pool, string username, IReadOnlyList<KeyValuePair<string, string>> attributes, string sub, DateTimeOffset now)
    {
        var user = new User { PoolId = pool.Id, Sub = sub, Created = now, LastModified = now };
        foreach (var (name, value) in attributes)
        {
            user.Attributes[name] = value;
        }

        if (pool.UsernameAttributes is { Count: > 0 } signInWith)
        {
            var kind = IsEmail(username) ? "email" : IsPhone(username) ? "phone_number" : null;
            if (kind is null || !signInWith.Contains(kind))
            {
                throw CognitoException.InvalidParameter(signInWith.Count == 2
                    ? "Username should be either an email or a phone number."
                    : signInWith[0] == "email" ? "Username should be an email." : "Username should be a phone number.");
            }

            user.Attributes[kind] = username;
            user.Username = sub;
        }
        else
        {
            // Usernames keep the case they were created with; only the storage key is folded.
            user.Username = username;
        }

        // Cognito lists an unverified contact as such, and the ID token carries email_verified: false.
        foreach (var contact in new[] { "email", "phone_number" })
        {
            if (user.Attributes.ContainsKey(contact))
            {
                user.Attributes.TryAdd(contact + "_verified", "false");
            }
        }

        user.Key = UserKeys.Username(pool, user.Username);
        user.Attributes["sub"] = sub;
        return user;
    }

    /// <summary>
    /// The name a sign-in attribute is taken under, when another user already holds it verified:
    /// <c>email</c> or <c>phone_number</c> for UsernameAttributes pools, and aliases.
    /// </summary>
    public static IEnumerable<string> UniqueAttributes(UserPool pool) =>
        (pool.UsernameAttributes ?? []).Concat(pool.AliasAttributes ?? []).Distinct();

    public static bool IsEmail(string value) => EmailPattern().IsMatch(value);

    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[0-9]{4,15}$")]
    private static partial Regex PhonePattern();
}
