using System.Text.Json;

namespace Gatehouse.Core.UserPools;

/// <summary>Which MFA factors a pool offers and which of them apply to a user at sign-in.</summary>
public static class MfaFactors
{
    /// <summary>The pool's MfaConfiguration: OFF, ON or OPTIONAL.</summary>
    public static string Mode(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.MfaConfiguration ?? "OFF";
    }

    /// <summary>The factors the pool has enabled, in Cognito's order: SMS, software token, email; none while MFA is OFF.</summary>
    public static IReadOnlyList<string> OfPool(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return Mode(pool) == "OFF" ? [] : Configured(pool.Mfa);
    }

    /// <summary>
    /// The factors MFA settings configure, whatever the mode: SMS and email once configured, the software token only
    /// when enabled. Passkeys are a sign-in factor, not MFA.
    /// </summary>
    public static IReadOnlyList<string> Configured(MfaSettings? mfa)
    {
        var list = new List<string>(3);
        if (mfa is null)
        {
            return list;
        }

        if (mfa.SmsMfaConfiguration is not null)
        {
            list.Add(UserMfa.Sms);
        }

        if (mfa.SoftwareTokenMfaConfiguration is { ValueKind: JsonValueKind.Object } token
            && token.TryGetProperty("Enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True)
        {
            list.Add(UserMfa.SoftwareToken);
        }

        if (mfa.EmailMfaConfiguration is not null)
        {
            list.Add(UserMfa.Email);
        }

        return list;
    }

    /// <summary>
    /// The factors that can challenge this user: those the user enabled and the pool offers, with somewhere to send
    /// the code. When the pool requires MFA and the user enabled none, a phone number or email address the user
    /// already has is used, as Cognito does.
    /// </summary>
    public static IReadOnlyList<string> OfUser(UserPool pool, User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var offered = OfPool(pool);
        var usable = offered.Where(f => CanDeliver(user, f)).ToList();
        var enabled = user.Mfa?.Enabled() ?? [];
        var chosen = usable.Where(enabled.Contains).ToList();
        if (chosen.Count == 0 && Mode(pool) == "ON")
        {
            chosen = usable.Where(f => f != UserMfa.SoftwareToken).Take(1).ToList();
        }

        return chosen;
    }

    /// <summary>Where a factor's code goes for this user (null for the software token, which sends nothing).</summary>
    public static (string Medium, string Destination)? DestinationOf(User user, string factor)
    {
        ArgumentNullException.ThrowIfNull(user);
        return factor switch
        {
            UserMfa.Sms when user.Attribute("phone_number") is { Length: > 0 } phone => ("SMS", phone),
            UserMfa.Email when user.Attribute("email") is { Length: > 0 } email => ("EMAIL", email),
            _ => null,
        };
    }

    private static bool CanDeliver(User user, string factor) =>
        factor == UserMfa.SoftwareToken ? user.Mfa?.SoftwareTokenSecret is not null : DestinationOf(user, factor) is not null;
}
