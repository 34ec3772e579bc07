using System.Text.Json;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// A user pool, shaped as AWS's <c>UserPoolType</c> so that it is stored and described byte for byte.
/// Sub-structures that Gatehouse only keeps are held as raw JSON.
/// </summary>
public sealed class UserPool
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public UserPoolPolicies? Policies { get; set; }
    public string? DeletionProtection { get; set; }
    public JsonElement? LambdaConfig { get; set; }
    public DateTimeOffset? LastModifiedDate { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public List<SchemaAttribute>? SchemaAttributes { get; set; }
    public List<string>? AutoVerifiedAttributes { get; set; }
    public List<string>? AliasAttributes { get; set; }
    public List<string>? UsernameAttributes { get; set; }
    public string? SmsVerificationMessage { get; set; }
    public string? EmailVerificationMessage { get; set; }
    public string? EmailVerificationSubject { get; set; }
    public VerificationMessageTemplate? VerificationMessageTemplate { get; set; }
    public string? SmsAuthenticationMessage { get; set; }
    public JsonElement? UserAttributeUpdateSettings { get; set; }
    public string? MfaConfiguration { get; set; }
    public JsonElement? DeviceConfiguration { get; set; }
    public long? EstimatedNumberOfUsers { get; set; }
    public JsonElement? EmailConfiguration { get; set; }
    public JsonElement? SmsConfiguration { get; set; }
    public Dictionary<string, string>? UserPoolTags { get; set; }
    public string? Domain { get; set; }
    public string? CustomDomain { get; set; }
    public AdminCreateUserConfig? AdminCreateUserConfig { get; set; }
    public JsonElement? UserPoolAddOns { get; set; }
    public UsernameConfiguration? UsernameConfiguration { get; set; }
    public string? Arn { get; set; }
    public JsonElement? AccountRecoverySetting { get; set; }
    public string? UserPoolTier { get; set; }

    /// <summary>MFA settings kept for GetUserPoolMfaConfig; not part of DescribeUserPool's output.</summary>
    public MfaSettings? Mfa { get; set; }

    /// <summary>Whether usernames are case-sensitive; AWS's API default, when UsernameConfiguration is absent, is yes.</summary>
    public bool CaseSensitiveUsernames => UsernameConfiguration?.CaseSensitive ?? true;

    public bool DeletionProtectionActive => DeletionProtection == "ACTIVE";
}

public sealed class UserPoolPolicies
{
    public PasswordPolicy? PasswordPolicy { get; set; }
    public JsonElement? SignInPolicy { get; set; }
}

public sealed class PasswordPolicy
{
    public int? MinimumLength { get; set; }
    public bool? RequireUppercase { get; set; }
    public bool? RequireLowercase { get; set; }
    public bool? RequireNumbers { get; set; }
    public bool? RequireSymbols { get; set; }
    public int? PasswordHistorySize { get; set; }
    public int? TemporaryPasswordValidityDays { get; set; }
}

public sealed class SchemaAttribute
{
    public string? Name { get; set; }
    public string? AttributeDataType { get; set; }
    public bool? DeveloperOnlyAttribute { get; set; }
    public bool? Mutable { get; set; }
    public bool? Required { get; set; }
    public NumberAttributeConstraints? NumberAttributeConstraints { get; set; }
    public StringAttributeConstraints? StringAttributeConstraints { get; set; }
}

public sealed class NumberAttributeConstraints
{
    public string? MinValue { get; set; }
    public string? MaxValue { get; set; }
}

public sealed class StringAttributeConstraints
{
    public string? MinLength { get; set; }
    public string? MaxLength { get; set; }
}

public sealed class VerificationMessageTemplate
{
    public string? SmsMessage { get; set; }
    public string? EmailMessage { get; set; }
    public string? EmailSubject { get; set; }
    public string? EmailMessageByLink { get; set; }
    public string? EmailSubjectByLink { get; set; }
    public string? DefaultEmailOption { get; set; }
}

public sealed class AdminCreateUserConfig
{
    public bool? AllowAdminCreateUserOnly { get; set; }
    public int? UnusedAccountValidityDays { get; set; }
    public MessageTemplate? InviteMessageTemplate { get; set; }
}

public sealed class MessageTemplate
{
    public string? SMSMessage { get; set; }
    public string? EmailMessage { get; set; }
    public string? EmailSubject { get; set; }
}

public sealed class UsernameConfiguration
{
    public bool? CaseSensitive { get; set; }
}

public sealed class MfaSettings
{
    public JsonElement? SmsMfaConfiguration { get; set; }
    public JsonElement? SoftwareTokenMfaConfiguration { get; set; }
    public JsonElement? EmailMfaConfiguration { get; set; }
    public JsonElement? WebAuthnConfiguration { get; set; }
}
