using Gatehouse.Core;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

/// <summary>AWS's SMSMfaSettingsType, SoftwareTokenMfaSettingsType and EmailMfaSettingsType, which share a shape.</summary>
internal sealed class MfaSettingsType
{
    public bool? Enabled { get; set; }
    public bool? PreferredMfa { get; set; }
}

/// <summary>What SetUserMFAPreference and AdminSetUserMFAPreference do to a user's factors.</summary>
internal static class MfaPreferences
{
    /// <summary>GetUser's and AdminGetUser's UserMFASettingList: the enabled factors, or null (omitted) when none is.</summary>
    public static IReadOnlyList<string>? SettingList(User user) => user.Mfa?.Enabled() is { Count: > 0 } list ? list : null;

    /// <summary>
    /// Applies the settings that are present (an absent one leaves its factor as it was), after checking all of
    /// them: a factor is enabled only when the user can receive it (a phone number for SMS, an email address for
    /// email, a verified authenticator for TOTP); one factor at most is preferred, and only an enabled one.
    /// PreferredMfa true makes that factor the preference; a preferred factor that is disabled or given
    /// PreferredMfa false stops being the preference. A disabled TOTP factor keeps its authenticator.
    /// </summary>
    public static void Apply(User user, MfaSettingsType? sms, MfaSettingsType? softwareToken, MfaSettingsType? email)
    {
        var settings = new (string Factor, MfaSettingsType? Settings, bool CanReceive)[]
        {
            (UserMfa.Sms, sms, user.Attribute("phone_number") is { Length: > 0 }),
            (UserMfa.SoftwareToken, softwareToken, user.Mfa?.SoftwareTokenSecret is not null),
            (UserMfa.Email, email, user.Attribute("email") is { Length: > 0 }),
        };
        if (settings.Count(s => s.Settings?.PreferredMfa == true) > 1)
        {
            throw CognitoException.InvalidParameter("Only one MFA method can be set as preferred.");
        }

        foreach (var (factor, setting, canReceive) in settings)
        {
            if (setting is null)
            {
                continue;
            }

            if (setting.PreferredMfa == true && setting.Enabled != true)
            {
                throw CognitoException.InvalidParameter($"{factor} can not be preferred when it is not enabled.");
            }

            if (setting.Enabled == true && !canReceive)
            {
                throw CognitoException.InvalidParameter($"User does not have delivery config set to turn on {factor}");
            }
        }

        var mfa = user.Mfa ??= new UserMfa();
        foreach (var (factor, setting, _) in settings)
        {
            if (setting is null)
            {
                continue;
            }

            var enabled = setting.Enabled == true;
            switch (factor)
            {
                case UserMfa.Sms:
                    mfa.SmsEnabled = enabled;
                    break;
                case UserMfa.SoftwareToken:
                    mfa.SoftwareTokenEnabled = enabled;
                    break;
                default:
                    mfa.EmailEnabled = enabled;
                    break;
            }

            if (setting.PreferredMfa == true)
            {
                mfa.Preferred = factor;
            }
            else if (mfa.Preferred == factor)
            {
                mfa.Preferred = null;
            }
        }
    }
}
