using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class SmsMfaConfigType
{
    public string? SmsAuthenticationMessage { get; set; }
    public SmsConfigurationType? SmsConfiguration { get; set; }
}

internal sealed class SmsConfigurationType
{
    public string? SnsCallerArn { get; set; }
    public string? ExternalId { get; set; }
    public string? SnsRegion { get; set; }
}

internal sealed class SoftwareTokenMfaConfigType
{
    public bool? Enabled { get; set; }
}

internal sealed class EmailMfaConfigType
{
    public string? Message { get; set; }
    public string? Subject { get; set; }
}

internal sealed class WebAuthnConfigurationType
{
    public string? RelyingPartyId { get; set; }
    public string? UserVerification { get; set; }
}

/// <summary>
/// What GetUserPoolMfaConfig and SetUserPoolMfaConfig answer: the MFA mode, and only the members that are configured.
/// </summary>
internal sealed class MfaConfigResponse
{
    public JsonElement? SmsMfaConfiguration { get; set; }
    public JsonElement? SoftwareTokenMfaConfiguration { get; set; }
    public JsonElement? EmailMfaConfiguration { get; set; }
    public string? MfaConfiguration { get; set; }
    public JsonElement? WebAuthnConfiguration { get; set; }

    public static MfaConfigResponse From(UserPool pool) => new()
    {
        SmsMfaConfiguration = pool.Mfa?.SmsMfaConfiguration,
        SoftwareTokenMfaConfiguration = pool.Mfa?.SoftwareTokenMfaConfiguration,
        EmailMfaConfiguration = pool.Mfa?.EmailMfaConfiguration,
        MfaConfiguration = pool.MfaConfiguration ?? "OFF",
        WebAuthnConfiguration = pool.Mfa?.WebAuthnConfiguration,
    };
}

/// <summary>The pool's MFA factors: which count as enabled, and AWS's model constraints on their settings.</summary>
internal static partial class MfaConfig
{
    public static readonly string[] Modes = ["OFF", "ON", "OPTIONAL"];

    /// <summary>Whether the settings configure any MFA factor (see <see cref="MfaFactors.Configured"/>).</summary>
    public static bool HasFactor(MfaSettings? mfa) => MfaFactors.Configured(mfa).Count > 0;

    /// <summary>The SMS factor that a pool's own SMS settings imply when MFA is turned on through CreateUserPool or UpdateUserPool.</summary>
    public static JsonElement SmsFactor(string? message, JsonElement smsConfiguration)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (message is not null)
            {
                writer.WriteString("SmsAuthenticationMessage", message);
            }

            writer.WritePropertyName("SmsConfiguration");
            smsConfiguration.WriteTo(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    public static void Validate(
        Validation validation, SmsMfaConfigType? sms, EmailMfaConfigType? email, WebAuthnConfigurationType? webAuthn)
    {
        validation
            .Length(sms?.SmsAuthenticationMessage, 6, 140, "smsMfaConfiguration.smsAuthenticationMessage")
            .Pattern(sms?.SmsAuthenticationMessage, SmsMessagePattern(), "smsMfaConfiguration.smsAuthenticationMessage");
        if (sms?.SmsConfiguration is { } configuration)
        {
            validation
                .Required(configuration.SnsCallerArn, "smsMfaConfiguration.smsConfiguration.snsCallerArn")
                .Length(configuration.SnsCallerArn, 20, 2048, "smsMfaConfiguration.smsConfiguration.snsCallerArn")
                .Pattern(configuration.SnsCallerArn, ArnPattern(), "smsMfaConfiguration.smsConfiguration.snsCallerArn")
                .Length(configuration.SnsRegion, 5, 32, "smsMfaConfiguration.smsConfiguration.snsRegion");
        }

        validation
            .Length(email?.Message, 6, 20000, "emailMfaConfiguration.message")
            .Pattern(email?.Message, EmailMessagePattern(), "emailMfaConfiguration.message")
            .Length(email?.Subject, 1, 140, "emailMfaConfiguration.subject")
            .Pattern(email?.Subject, EmailSubjectPattern(), "emailMfaConfiguration.subject")
            .Length(webAuthn?.RelyingPartyId, 1, 127, "webAuthnConfiguration.relyingPartyId")
            .OneOf(webAuthn?.UserVerification, ["required", "preferred"], "webAuthnConfiguration.userVerification");
    }

    [GeneratedRegex(@"^.*\{####\}.*$", RegexOptions.Singleline)]
    private static partial Regex SmsMessagePattern();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*$")]
    private static partial Regex EmailMessagePattern();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+$")]
    private static partial Regex EmailSubjectPattern();

    [GeneratedRegex(@"^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$")]
    private static partial Regex ArnPattern();
}
