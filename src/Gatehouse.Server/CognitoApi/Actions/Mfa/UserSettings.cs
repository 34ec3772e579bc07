using Gatehouse.Core;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

/// <summary>AWS's MFAOptionType: the legacy way to turn SMS MFA on and off.</summary>
internal sealed class MfaOptionType
{
    public string? DeliveryMedium { get; set; }
    public string? AttributeName { get; set; }
}

/// <summary>
/// What SetUserSettings and AdminSetUserSettings do, which AWS keeps only for SMS MFA: a list naming SMS to
/// <c>phone_number</c> enables SMS MFA (the user needs a phone number), an empty list disables it (and clears the
/// preference when SMS was preferred). GetUser and AdminGetUser report it back as MFAOptions.
/// </summary>
internal static class UserSettings
{
    private static readonly MfaOptionType SmsOption = new() { DeliveryMedium = "SMS", AttributeName = "phone_number" };

    public static void Validate(List<MfaOptionType>? options)
    {
        var validation = new Validation().Required(options, "mFAOptions");
        for (var i = 0; options is not null && i < options.Count; i++)
        {
            validation
                .OneOf(options[i].DeliveryMedium, ["SMS", "EMAIL"], $"mFAOptions.{i + 1}.member.deliveryMedium")
                .Length(options[i].AttributeName, 1, 32, $"mFAOptions.{i + 1}.member.attributeName")
                .Pattern(options[i].AttributeName, Patterns.AttributeName(), $"mFAOptions.{i + 1}.member.attributeName");
        }

        validation.ThrowIfAny();
    }

    public static void Apply(User user, List<MfaOptionType> options)
    {
        if (options.Any(o => o.DeliveryMedium != SmsOption.DeliveryMedium || o.AttributeName != SmsOption.AttributeName))
        {
            throw CognitoException.InvalidParameter("Only SMS to phone_number can be set in MFAOptions; use SetUserMFAPreference for other factors.");
        }

        MfaPreferences.Apply(user, new MfaSettingsType { Enabled = options.Count > 0, PreferredMfa = user.Mfa?.Preferred == UserMfa.Sms && options.Count > 0 }, null, null);
    }

    /// <summary>GetUser's and AdminGetUser's MFAOptions: SMS to phone_number when SMS MFA is enabled, else omitted.</summary>
    public static List<MfaOptionType>? Options(User user) => user.Mfa?.SmsEnabled == true ? [SmsOption] : null;
}
