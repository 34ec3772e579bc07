namespace Gatehouse.Core.UserPools;

/// <summary>ExplicitAuthFlows: AWS's defaults, legacy names, and whether a flow is allowed.</summary>
public static class AuthFlows
{
    public static readonly IReadOnlyList<string> Known =
    [
        "ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_AUTH",
    ];

    /// <summary>What a client gets when it names no flows.</summary>
    public static readonly IReadOnlyList<string> Default = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"];

    public static void ValidateSettings(IReadOnlyList<string>? flows)
    {
        if (flows is null)
        {
            return;
        }

        foreach (var flow in flows)
        {
            new Validation().OneOf(flow, Known, "explicitAuthFlows.member").ThrowIfAny();
        }

        var legacy = flows.Any(f => !f.StartsWith("ALLOW_", StringComparison.Ordinal));
        var modern = flows.Any(f => f.StartsWith("ALLOW_", StringComparison.Ordinal));
        if (legacy && modern)
        {
            throw CognitoException.InvalidParameter("ExplicitAuthFlows cannot mix ALLOW_ prefixed values with legacy values.");
        }
    }

    /// <summary>
    /// Whether the client allows <paramref name="flow"/> (an ALLOW_ name). Legacy lists always allowed refresh and SRP.
    /// </summary>
    public static bool Allows(AppClient client, string flow)
    {
        var flows = client.ExplicitAuthFlows is { Count: > 0 } listed ? listed : Default;
        if (flows.Contains(flow))
        {
            return true;
        }

        if (flows.Any(f => !f.StartsWith("ALLOW_", StringComparison.Ordinal)))
        {
            return flow switch
            {
                "ALLOW_ADMIN_USER_PASSWORD_AUTH" => flows.Contains("ADMIN_NO_SRP_AUTH"),
                "ALLOW_USER_PASSWORD_AUTH" => flows.Contains("USER_PASSWORD_AUTH"),
                "ALLOW_REFRESH_TOKEN_AUTH" or "ALLOW_USER_SRP_AUTH" => true,
                "ALLOW_CUSTOM_AUTH" => flows.Contains("CUSTOM_AUTH_FLOW_ONLY"),
                _ => false,
            };
        }

        return false;
    }
}
