namespace Gatehouse.Core.UserPools;

/// <summary>The standard attributes every pool has, as DescribeUserPool lists them.</summary>
public static class StandardSchema
{
    private static readonly (string Name, string Type)[] Standard =
    [
        ("sub", "String"), ("name", "String"), ("given_name", "String"), ("family_name", "String"),
        ("middle_name", "String"), ("nickname", "String"), ("preferred_username", "String"), ("profile", "String"),
        ("picture", "String"), ("website", "String"), ("email", "String"), ("email_verified", "Boolean"),
        ("gender", "String"), ("birthdate", "String"), ("zoneinfo", "String"), ("locale", "String"),
        ("phone_number", "String"), ("phone_number_verified", "Boolean"), ("address", "String"),
        ("updated_at", "Number"), ("identities", "String"),
    ];

    public static bool IsStandard(string name) => Array.Exists(Standard, s => s.Name == name);

    /// <summary>The standard attributes with a request's overrides applied, followed by its custom attributes.</summary>
    public static List<SchemaAttribute> Build(IReadOnlyList<SchemaAttribute>? requested)
    {
        var result = new List<SchemaAttribute>();
        foreach (var (name, type) in Standard)
        {
            var attribute = DefaultFor(name, type);
            var overrideOf = requested?.FirstOrDefault(r => r.Name == name);
            if (overrideOf is not null)
            {
                attribute.Required = overrideOf.Required ?? attribute.Required;
                attribute.Mutable = overrideOf.Mutable ?? attribute.Mutable;
                attribute.StringAttributeConstraints = overrideOf.StringAttributeConstraints ?? attribute.StringAttributeConstraints;
                attribute.NumberAttributeConstraints = overrideOf.NumberAttributeConstraints ?? attribute.NumberAttributeConstraints;
            }

            result.Add(attribute);
        }

        foreach (var custom in requested?.Where(r => r.Name is not null && !IsStandard(r.Name)) ?? [])
        {
            result.Add(Custom(custom));
        }

        return result;
    }

    /// <summary>A custom attribute as stored: <c>custom:</c> prefixed, with AWS's defaults filled in.</summary>
    public static SchemaAttribute Custom(SchemaAttribute requested)
    {
        var type = requested.AttributeDataType ?? "String";
        return new SchemaAttribute
        {
            Name = requested.Name!.StartsWith("custom:", StringComparison.Ordinal) ? requested.Name : "custom:" + requested.Name,
            AttributeDataType = type,
            DeveloperOnlyAttribute = requested.DeveloperOnlyAttribute ?? false,
            Mutable = requested.Mutable ?? true,
            Required = false,
            StringAttributeConstraints = type == "String"
                ? requested.StringAttributeConstraints ?? new StringAttributeConstraints()
                : null,
            NumberAttributeConstraints = type == "Number"
                ? requested.NumberAttributeConstraints ?? new NumberAttributeConstraints()
                : null,
        };
    }

    private static SchemaAttribute DefaultFor(string name, string type) => new()
    {
        Name = name,
        AttributeDataType = type,
        DeveloperOnlyAttribute = false,
        Mutable = name != "sub",
        Required = name == "sub",
        StringAttributeConstraints = type == "String"
            ? new StringAttributeConstraints
            {
                MinLength = name switch { "sub" => "1", "birthdate" => "10", _ => "0" },
                MaxLength = name switch { "birthdate" => "10", _ => "2048" },
            }
            : null,
        NumberAttributeConstraints = type == "Number" ? new NumberAttributeConstraints { MinValue = "0" } : null,
    };
}
