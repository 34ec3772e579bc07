using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

/// <summary>The settings CreateUserPool and UpdateUserPool share, as AWS names them.</summary>
internal class PoolSettingsRequest
{
    public UserPoolPolicies? Policies { get; set; }
    public string? DeletionProtection { get; set; }
    public JsonElement? LambdaConfig { get; set; }
    public List<string>? AutoVerifiedAttributes { get; set; }
    public string? SmsVerificationMessage { get; set; }
    public string? EmailVerificationMessage { get; set; }
    public string? EmailVerificationSubject { get; set; }
    public VerificationMessageTemplate? VerificationMessageTemplate { get; set; }
    public string? SmsAuthenticationMessage { get; set; }
    public JsonElement? UserAttributeUpdateSettings { get; set; }
    public string? MfaConfiguration { get; set; }
    public JsonElement? DeviceConfiguration { get; set; }
    public JsonElement? EmailConfiguration { get; set; }
    public JsonElement? SmsConfiguration { get; set; }
    public Dictionary<string, string>? UserPoolTags { get; set; }
    public AdminCreateUserConfig? AdminCreateUserConfig { get; set; }
    public JsonElement? UserPoolAddOns { get; set; }
    public JsonElement? AccountRecoverySetting { get; set; }
    public string? UserPoolTier { get; set; }
}

/// <summary>Validation and application of pool settings, with AWS's defaults for what a request leaves out.</summary>
internal static partial class PoolSettings
{
    public static readonly string[] VerifiableAttributes = ["phone_number", "email"];

    public static void Validate(PoolSettingsRequest request)
    {
        var validation = new Validation()
            .OneOf(request.DeletionProtection, ["ACTIVE", "INACTIVE"], "deletionProtection")
            .OneOf(request.MfaConfiguration, MfaConfig.Modes, "mfaConfiguration")
            .OneOf(request.UserPoolTier, ["LITE", "ESSENTIALS", "PLUS"], "userPoolTier")
            .Length(request.SmsVerificationMessage, 6, 140, "smsVerificationMessage")
            .Length(request.EmailVerificationMessage, 6, 20000, "emailVerificationMessage")
            .Length(request.EmailVerificationSubject, 1, 140, "emailVerificationSubject")
            .Length(request.SmsAuthenticationMessage, 6, 140, "smsAuthenticationMessage")
            .Range(request.AdminCreateUserConfig?.UnusedAccountValidityDays, 0, 365, "adminCreateUserConfig.unusedAccountValidityDays");
        foreach (var attribute in request.AutoVerifiedAttributes ?? [])
        {
            validation.OneOf(attribute, VerifiableAttributes, "autoVerifiedAttributes.member");
        }

        validation.OneOf(request.VerificationMessageTemplate?.DefaultEmailOption, ["CONFIRM_WITH_LINK", "CONFIRM_WITH_CODE"], "verificationMessageTemplate.defaultEmailOption");
        PoolTags.ValidateTags(validation, request.UserPoolTags, "userPoolTags");
        validation.Count(request.UserPoolTags, 0, PoolTags.MaxTagsPerPool, "userPoolTags");
        ValidateLambdaConfig(validation, request.LambdaConfig);
        validation.ThrowIfAny();
        PasswordPolicyRules.ValidateSettings(request.Policies?.PasswordPolicy);
    }

    private static readonly string[] Triggers =
    [
        "PreSignUp", "CustomMessage", "PostConfirmation", "PreAuthentication", "PostAuthentication", "DefineAuthChallenge",
        "CreateAuthChallenge", "VerifyAuthChallengeResponse", "PreTokenGeneration", "UserMigration", "KMSKeyID",
    ];

    /// <summary>LambdaConfigType's members are ARNs, and its sender and token configs name a version, as AWS checks them.</summary>
    private static void ValidateLambdaConfig(Validation validation, JsonElement? config)
    {
        if (config is not { ValueKind: JsonValueKind.Object } lambda)
        {
            return;
        }

        static string Member(string name) => "lambdaConfig." + (name == "KMSKeyID" ? "kMSKeyID" : char.ToLowerInvariant(name[0]) + name[1..]);

        foreach (var name in Triggers)
        {
            if (lambda.TryGetProperty(name, out var arn) && arn.ValueKind == JsonValueKind.String)
            {
                validation.Length(arn.GetString(), 20, 2048, Member(name)).Pattern(arn.GetString(), Patterns.Arn(), Member(name));
            }
        }

        foreach (var (name, versions) in new[]
        {
            ("PreTokenGenerationConfig", new[] { "V1_0", "V2_0", "V3_0" }), ("CustomSMSSender", ["V1_0"]), ("CustomEmailSender", ["V1_0"]),
        })
        {
            if (lambda.TryGetProperty(name, out var member) && member.ValueKind == JsonValueKind.Object)
            {
                var arn = member.TryGetProperty("LambdaArn", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                var version = member.TryGetProperty("LambdaVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                validation
                    .Required(arn, Member(name) + ".lambdaArn").Length(arn, 20, 2048, Member(name) + ".lambdaArn").Pattern(arn, Patterns.Arn(), Member(name) + ".lambdaArn")
                    .Required(version, Member(name) + ".lambdaVersion").OneOf(version, versions, Member(name) + ".lambdaVersion");
            }
        }
    }

    /// <summary>Replaces every updatable setting of the pool with the request's, defaults for those left out, as UpdateUserPool does.</summary>
    public static void Apply(UserPool pool, PoolSettingsRequest request)
    {
        pool.Policies = new UserPoolPolicies
        {
            PasswordPolicy = WithDefaults(request.Policies?.PasswordPolicy),
            SignInPolicy = request.Policies?.SignInPolicy ?? JsonDocument.Parse("""{"AllowedFirstAuthFactors":["PASSWORD"]}""").RootElement.Clone(),
        };
        pool.DeletionProtection = request.DeletionProtection ?? "INACTIVE";
        pool.LambdaConfig = request.LambdaConfig ?? Json("{}");
        pool.AutoVerifiedAttributes = request.AutoVerifiedAttributes;
        pool.SmsVerificationMessage = request.SmsVerificationMessage;
        pool.EmailVerificationMessage = request.EmailVerificationMessage;
        pool.EmailVerificationSubject = request.EmailVerificationSubject;
        pool.VerificationMessageTemplate = request.VerificationMessageTemplate ?? new VerificationMessageTemplate();
        pool.VerificationMessageTemplate.DefaultEmailOption ??= "CONFIRM_WITH_CODE";
        pool.SmsAuthenticationMessage = request.SmsAuthenticationMessage;
        pool.UserAttributeUpdateSettings = request.UserAttributeUpdateSettings ?? Json("""{"AttributesRequireVerificationBeforeUpdate":[]}""");
        pool.MfaConfiguration = request.MfaConfiguration ?? "OFF";
        pool.DeviceConfiguration = request.DeviceConfiguration;
        pool.EmailConfiguration = request.EmailConfiguration ?? Json("""{"EmailSendingAccount":"COGNITO_DEFAULT"}""");
        pool.SmsConfiguration = request.SmsConfiguration;
        pool.UserPoolTags = request.UserPoolTags ?? [];
        pool.AdminCreateUserConfig = request.AdminCreateUserConfig ?? new AdminCreateUserConfig();
        pool.AdminCreateUserConfig.AllowAdminCreateUserOnly ??= false;
        pool.AdminCreateUserConfig.UnusedAccountValidityDays ??= pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays ?? 7;
        pool.UserPoolAddOns = request.UserPoolAddOns;
        pool.AccountRecoverySetting = request.AccountRecoverySetting
            ?? Json("""{"RecoveryMechanisms":[{"Priority":1,"Name":"verified_email"},{"Priority":2,"Name":"verified_phone_number"}]}""");
        pool.UserPoolTier = request.UserPoolTier ?? "ESSENTIALS";
        MessageTemplates.ValidateSettings(pool);
        ApplyMfa(pool, request);
    }

    /// <summary>
    /// Keeps the MFA factors in step with the mode: OFF drops them (passkey settings stay, they are not MFA), and ON or
    /// OPTIONAL needs a factor, either one SetUserPoolMfaConfig configured or SMS through the request's SmsConfiguration.
    /// </summary>
    private static void ApplyMfa(UserPool pool, PoolSettingsRequest request)
    {
        if (pool.MfaConfiguration == "OFF")
        {
            pool.Mfa = pool.Mfa?.WebAuthnConfiguration is { } webAuthn ? new MfaSettings { WebAuthnConfiguration = webAuthn } : null;
            return;
        }

        if (request.SmsConfiguration is { ValueKind: JsonValueKind.Object } sms)
        {
            pool.Mfa ??= new MfaSettings();
            pool.Mfa.SmsMfaConfiguration = MfaConfig.SmsFactor(pool.SmsAuthenticationMessage, sms);
        }

        if (!MfaConfig.HasFactor(pool.Mfa))
        {
            throw CognitoException.InvalidParameter("SMS configuration and Auto verification for phone_number are required when MFA is required/optional");
        }
    }

    public static void ValidateName(string? name, string member) =>
        new Validation().Required(name, member).Length(name, 1, 128, member).Pattern(name, NamePattern(), member).ThrowIfAny();

    private static PasswordPolicy WithDefaults(PasswordPolicy? given)
    {
        var defaults = PasswordPolicyRules.Default();
        if (given is null)
        {
            return defaults;
        }

        given.MinimumLength ??= defaults.MinimumLength;
        given.RequireUppercase ??= false;
        given.RequireLowercase ??= false;
        given.RequireNumbers ??= false;
        given.RequireSymbols ??= false;
        given.TemporaryPasswordValidityDays ??= defaults.TemporaryPasswordValidityDays;
        return given;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [GeneratedRegex(@"^[\w\s+=,.@-]+$")]
    private static partial Regex NamePattern();
}
