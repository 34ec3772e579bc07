namespace Gatehouse.Core.UserPools;

/// <summary>A user's MFA factors: which are enabled, which is preferred, and the TOTP authenticator's state.</summary>
public sealed class UserMfa
{
    /// <summary>The Cognito names of the factors, in the order Cognito lists them.</summary>
    public const string Sms = "SMS_MFA";
    public const string SoftwareToken = "SOFTWARE_TOKEN_MFA";
    public const string Email = "EMAIL_OTP";

    public bool SmsEnabled { get; set; }
    public bool SoftwareTokenEnabled { get; set; }
    public bool EmailEnabled { get; set; }

    /// <summary>One of <see cref="Sms"/>, <see cref="SoftwareToken"/> or <see cref="Email"/>, or null for no preference.</summary>
    public string? Preferred { get; set; }

    /// <summary>The verified TOTP secret (base32), sealed with the data key; null until VerifySoftwareToken succeeds.</summary>
    public string? SoftwareTokenSecret { get; set; }

    /// <summary>The secret AssociateSoftwareToken handed out last, sealed, waiting for VerifySoftwareToken.</summary>
    public string? PendingSoftwareTokenSecret { get; set; }

    /// <summary>The FriendlyDeviceName given to VerifySoftwareToken.</summary>
    public string? SoftwareTokenName { get; set; }

    /// <summary>The last 30-second step whose code was accepted; a code is never accepted twice.</summary>
    public long LastSoftwareTokenStep { get; set; }

    /// <summary>The enabled factors, as UserMFASettingList lists them.</summary>
    public IReadOnlyList<string> Enabled()
    {
        var list = new List<string>(3);
        if (SmsEnabled)
        {
            list.Add(Sms);
        }

        if (SoftwareTokenEnabled)
        {
            list.Add(SoftwareToken);
        }

        if (EmailEnabled)
        {
            list.Add(Email);
        }

        return list;
    }
}
