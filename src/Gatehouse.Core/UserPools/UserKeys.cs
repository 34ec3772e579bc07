namespace Gatehouse.Core.UserPools;

/// <summary>How a user is keyed in storage: the username, case-folded when the pool is case-insensitive.</summary>
public static class UserKeys
{
    public static string Username(UserPool pool, string username) =>
        pool.CaseSensitiveUsernames ? username : username.ToLowerInvariant();

    /// <summary>The attributes ListUsers can filter on, and that sign-in may look users up by.</summary>
    public static readonly IReadOnlyList<string> Indexed =
    [
        "username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username",
        "cognito:user_status", "status", "sub",
    ];

    /// <summary>The index entries of a user: name and value for every indexed attribute it has.</summary>
    public static IEnumerable<KeyValuePair<string, string>> IndexEntries(User user)
    {
        yield return new("username", user.Username);
        yield return new("cognito:user_status", user.Status);
        yield return new("status", user.Enabled ? "Enabled" : "Disabled");
        foreach (var name in Indexed)
        {
            if (name is not ("username" or "cognito:user_status" or "status") && user.Attributes.TryGetValue(name, out var value))
            {
                yield return new(name, value);
            }
        }
    }
}
