namespace Gatehouse.Core.UserPools;

/// <summary>A user of a pool, with its attributes, status and credentials.</summary>
public sealed class User
{
    public string PoolId { get; set; } = "";

    /// <summary>The username as created.</summary>
    public string Username { get; set; } = "";

    /// <summary>The storage key: the username, case-folded in case-insensitive pools (see <see cref="UserKeys"/>).</summary>
    public string Key { get; set; } = "";

    public string Sub { get; set; } = "";

    /// <summary>Attributes by name, including <c>sub</c>; values are strings as on the wire.</summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>UNCONFIRMED, CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED, EXTERNAL_PROVIDER.</summary>
    public string Status { get; set; } = UserStatus.Unconfirmed;

    public bool Enabled { get; set; } = true;
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset LastModified { get; set; }

    /// <summary>PBKDF2 hash in <see cref="Auth.PasswordHasher"/>'s format, or null for imported users.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>
    /// The SRP salt and verifier of the same password, sealed with the server's data key (see
    /// <see cref="Auth.Credentials"/>); null for users without a password or whose password predates SRP.
    /// </summary>
    public string? SrpVerifier { get; set; }

    /// <summary>The user's MFA factors and preference; null until the user sets any up.</summary>
    public UserMfa? Mfa { get; set; }

    /// <summary>When a temporary password stops working.</summary>
    public DateTimeOffset? TemporaryPasswordExpires { get; set; }

    /// <summary>Consecutive failed sign-ins, for Cognito-style throttling.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>Consecutive wrong MFA codes, counted apart from passwords (see <see cref="Auth.SignInThrottle"/>).</summary>
    public int FailedMfaCodes { get; set; }

    public DateTimeOffset? SignInLockedUntil { get; set; }

    public string? Attribute(string name) => Attributes.GetValueOrDefault(name);
}

public static class UserStatus
{
    public const string Unconfirmed = "UNCONFIRMED";
    public const string Confirmed = "CONFIRMED";
    public const string ForceChangePassword = "FORCE_CHANGE_PASSWORD";
    public const string ResetRequired = "RESET_REQUIRED";
}

/// <summary>A group of a pool, shaped as AWS's <c>GroupType</c>.</summary>
public sealed class Group
{
    public string GroupName { get; set; } = "";
    public string? UserPoolId { get; set; }
    public string? Description { get; set; }
    public string? RoleArn { get; set; }
    public int? Precedence { get; set; }
    public DateTimeOffset? LastModifiedDate { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
}
