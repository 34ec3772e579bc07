using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.Core.UserPools;

/// <summary>Checks attribute writes against a pool's schema and a client's write permissions.</summary>
public static partial class AttributeRules
{
    public static void CheckRequired(UserPool pool, IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var attribute in pool.SchemaAttributes ?? [])
        {
            if (attribute.Required == true && attribute.Name is { } name && name != "sub" && !attributes.ContainsKey(name))
            {
                throw Schema($"{name}: The attribute is required");
            }
        }
    }

    /// <summary>
    /// Validates names, types and lengths. <paramref name="existing"/> is null on creation; otherwise immutable
    /// attributes that already have a value cannot change.
    /// </summary>
    public static void CheckWrite(UserPool pool, IReadOnlyList<KeyValuePair<string, string>> attributes, User? existing, bool admin)
    {
        foreach (var (name, value) in attributes)
        {
            if (name == "sub")
            {
                throw Schema("Cannot modify the non-mutable attribute sub");
            }

            var schema = Find(pool, name, admin) ?? throw Schema($"Type for attribute {{{name}}} could not be determined");
            if (existing is not null && schema.Mutable == false && existing.Attributes.ContainsKey(name))
            {
                throw Schema($"Cannot modify the non-mutable attribute {name}");
            }

            CheckValue(schema, name, value);
        }
    }

    /// <summary>Deletions: only attributes the schema knows, never <c>sub</c>, a required or an immutable one.</summary>
    public static void CheckDelete(UserPool pool, IEnumerable<string> names, bool admin)
    {
        foreach (var name in names)
        {
            var schema = name == "sub" ? null : Find(pool, name, admin);
            if (name == "sub" || schema?.Mutable == false)
            {
                throw Schema($"Cannot modify the non-mutable attribute {name}");
            }

            if (schema is null)
            {
                throw Schema($"Type for attribute {{{name}}} could not be determined");
            }

            if (schema.Required == true)
            {
                throw Schema($"{name}: The attribute is required");
            }
        }
    }

    /// <summary>Self-service writes may only touch the client's WriteAttributes, when it lists any.</summary>
    public static void CheckClientMayWrite(AppClient client, IEnumerable<string> names)
    {
        if (client.WriteAttributes is not { Count: > 0 } allowed)
        {
            return;
        }

        foreach (var name in names)
        {
            if (!allowed.Contains(name) && !(name.EndsWith("_verified", StringComparison.Ordinal)))
            {
                throw CognitoException.NotAuthorized("A client attempted to write unauthorized attribute");
            }
        }
    }

    /// <summary>
    /// A user may mark their own email or phone verified only through a client that lists the flag in its
    /// WriteAttributes; anything else would let users skip verification.
    /// </summary>
    public static void CheckUserMayWriteVerified(AppClient? client, IEnumerable<string> names)
    {
        foreach (var name in names.Where(n => n.EndsWith("_verified", StringComparison.Ordinal)))
        {
            if (client?.WriteAttributes?.Contains(name) != true)
            {
                throw CognitoException.NotAuthorized("A client attempted to write unauthorized attribute");
            }
        }
    }

    /// <summary>DeleteUserAttributes: only known, mutable, optional attributes, and never the one users sign in with.</summary>
    public static void CheckDelete(UserPool pool, IEnumerable<string> names, User existing)
    {
        foreach (var name in names)
        {
            if (name == "sub")
            {
                throw Schema("Cannot modify the non-mutable attribute sub");
            }

            var schema = Find(pool, name, admin: false) ?? throw Schema($"Type for attribute {{{name}}} could not be determined");
            if (schema.Required == true || pool.UsernameAttributes?.Contains(name) == true)
            {
                throw Schema($"{name}: The attribute is required");
            }

            if (schema.Mutable == false && existing.Attributes.ContainsKey(name))
            {
                throw Schema($"Cannot modify the non-mutable attribute {name}");
            }
        }
    }

    /// <summary>The attributes a client may read; all when it lists none.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Readable(AppClient? client, User user) =>
        client?.ReadAttributes is { Count: > 0 } allowed
            ? user.Attributes.Where(a => a.Key == "sub" || allowed.Contains(a.Key))
            : user.Attributes;

    private static SchemaAttribute? Find(UserPool pool, string name, bool admin)
    {
        // Developer-only attributes are written as dev:custom:name, and only by administrators.
        var lookup = name.StartsWith("dev:", StringComparison.Ordinal) ? name[4..] : name;
        var schema = pool.SchemaAttributes?.FirstOrDefault(s => s.Name == lookup);
        if (schema?.DeveloperOnlyAttribute == true && !admin)
        {
            return null;
        }

        return schema;
    }

    private static void CheckValue(SchemaAttribute schema, string name, string value)
    {
        switch (schema.AttributeDataType)
        {
            case "String":
                var max = int.TryParse(schema.StringAttributeConstraints?.MaxLength, CultureInfo.InvariantCulture, out var m) ? m : 2048;
                var min = int.TryParse(schema.StringAttributeConstraints?.MinLength, CultureInfo.InvariantCulture, out var n) ? n : 0;
                if (value.Length > max)
                {
                    throw Schema($"{name}: String must be no longer than {max} characters");
                }

                if (value.Length < min)
                {
                    throw Schema($"{name}: String must be no shorter than {min} characters");
                }

                break;
            case "Number":
                if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw Schema($"{name}: Number is invalid");
                }

                break;
            case "Boolean":
                if (value is not ("true" or "false"))
                {
                    throw Schema($"{name}: Value must be a boolean");
                }

                break;
            case "DateTime":
                if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, out _))
                {
                    throw Schema($"{name}: DateTime is invalid");
                }

                break;
        }

        if (name == "email" && !EmailPattern().IsMatch(value))
        {
            throw CognitoException.InvalidParameter("Invalid email address format.");
        }

        if (name == "phone_number" && !PhonePattern().IsMatch(value))
        {
            throw CognitoException.InvalidParameter("Invalid phone number format.");
        }
    }

    private static CognitoException Schema(string detail) =>
        CognitoException.InvalidParameter($"Attributes did not conform to the schema: {detail}");

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[0-9]{4,15}$")]
    private static partial Regex PhonePattern();
}
