namespace Gatehouse.Core.UserPools;

/// <summary>
/// Applies checked attribute writes and deletions to a user as Cognito does: a new email or phone number is not
/// verified until it is proven, unless the same request says it is.
/// </summary>
public static class AttributeUpdates
{
    public static readonly IReadOnlyList<string> Contacts = ["email", "phone_number"];

    /// <summary>Writes the attributes; returns the contact attributes whose value changed and are now unverified.</summary>
    public static IReadOnlyList<string> Apply(User user, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            given[name] = value;
        }

        var unverified = Contacts
            .Where(c => given.TryGetValue(c, out var value) && user.Attribute(c) != value && !given.ContainsKey(c + "_verified"))
            .ToList();
        foreach (var (name, value) in given)
        {
            user.Attributes[name] = value;
        }

        foreach (var contact in unverified)
        {
            user.Attributes[contact + "_verified"] = "false";
        }

        return unverified;
    }

    /// <summary>Removes the attributes; a removed email or phone number takes its verified flag along.</summary>
    public static void Delete(User user, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            user.Attributes.Remove(name);
            if (Contacts.Contains(name))
            {
                user.Attributes.Remove(name + "_verified");
            }
        }
    }
}
