using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class SetUserPoolMfaConfigRequest
{
    public string? UserPoolId { get; set; }
    public SmsMfaConfigType? SmsMfaConfiguration { get; set; }
    public SoftwareTokenMfaConfigType? SoftwareTokenMfaConfiguration { get; set; }
    public EmailMfaConfigType? EmailMfaConfiguration { get; set; }
    public string? MfaConfiguration { get; set; }
    public WebAuthnConfigurationType? WebAuthnConfiguration { get; set; }
}

/// <summary>
/// Replaces the pool's whole MFA configuration: a factor the request leaves out is no longer configured, and a
/// missing MfaConfiguration means OFF.
/// </summary>
internal sealed class SetUserPoolMfaConfig(CognitoServices services) : CognitoAction<SetUserPoolMfaConfigRequest, MfaConfigResponse>
{
    protected override JsonTypeInfo<SetUserPoolMfaConfigRequest> RequestType => SetUserPoolMfaConfigJson.Default.SetUserPoolMfaConfigRequest;

    protected override JsonTypeInfo<MfaConfigResponse> ResponseType => SetUserPoolMfaConfigJson.Default.MfaConfigResponse;

    protected override async Task<MfaConfigResponse> HandleAsync(SetUserPoolMfaConfigRequest request, CognitoCall call)
    {
        var validation = new Validation()
            .Required(request.UserPoolId, "userPoolId")
            .Length(request.UserPoolId, 1, 55, "userPoolId")
            .Pattern(request.UserPoolId, Patterns.PoolId(), "userPoolId")
            .OneOf(request.MfaConfiguration, MfaConfig.Modes, "mfaConfiguration");
        MfaConfig.Validate(validation, request.SmsMfaConfiguration, request.EmailMfaConfiguration, request.WebAuthnConfiguration);
        validation.ThrowIfAny();

        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var mode = request.MfaConfiguration ?? "OFF";

        // AWS refuses a factor next to OFF on presence alone, even a software token with Enabled false.
        if (mode == "OFF" && (request.SmsMfaConfiguration is not null || request.SoftwareTokenMfaConfiguration is not null || request.EmailMfaConfiguration is not null))
        {
            throw CognitoException.InvalidParameter("Invalid MFA configuration given, can't turn off MFA and configure an MFA together.");
        }

        var mfa = new MfaSettings
        {
            SmsMfaConfiguration = Sms(pool, request.SmsMfaConfiguration),
            SoftwareTokenMfaConfiguration = Element(request.SoftwareTokenMfaConfiguration, SetUserPoolMfaConfigJson.Default.SoftwareTokenMfaConfigType),
            EmailMfaConfiguration = Element(request.EmailMfaConfiguration, SetUserPoolMfaConfigJson.Default.EmailMfaConfigType),
            WebAuthnConfiguration = Element(
                request.WebAuthnConfiguration is { } webAuthn
                    ? new WebAuthnConfigurationType { RelyingPartyId = webAuthn.RelyingPartyId, UserVerification = webAuthn.UserVerification ?? "preferred" }
                    : null,
                SetUserPoolMfaConfigJson.Default.WebAuthnConfigurationType),
        };
        if (mode != "OFF" && !MfaConfig.HasFactor(mfa))
        {
            throw CognitoException.InvalidParameter("Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
        }

        if (request.EmailMfaConfiguration is not null && pool.UserPoolTier == "LITE")
        {
            throw new CognitoException("FeatureUnavailableInTierException", "Email MFA is not available in the LITE tier.");
        }

        pool.MfaConfiguration = mode;
        pool.Mfa = mfa.SmsMfaConfiguration is null && mfa.SoftwareTokenMfaConfiguration is null && mfa.EmailMfaConfiguration is null && mfa.WebAuthnConfiguration is null
            ? null
            : mfa;
        pool.LastModifiedDate = services.Now;
        await session.SavePoolAsync(pool, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return MfaConfigResponse.From(pool);
    }

    /// <summary>
    /// The SMS factor as stored. Its message and SNS settings are the pool's own SmsAuthenticationMessage and
    /// SmsConfiguration, so setting them here changes what DescribeUserPool shows, and leaving the SNS settings out
    /// uses the pool's.
    /// </summary>
    private static JsonElement? Sms(UserPool pool, SmsMfaConfigType? sms)
    {
        if (sms is null)
        {
            return null;
        }

        pool.SmsAuthenticationMessage = sms.SmsAuthenticationMessage ?? pool.SmsAuthenticationMessage;
        if (sms.SmsConfiguration is { } configuration)
        {
            pool.SmsConfiguration = Element(configuration, SetUserPoolMfaConfigJson.Default.SmsConfigurationType);
        }

        return pool.SmsConfiguration is { } snsSettings
            ? MfaConfig.SmsFactor(pool.SmsAuthenticationMessage, snsSettings)
            : Element(new SmsMfaConfigType { SmsAuthenticationMessage = pool.SmsAuthenticationMessage }, SetUserPoolMfaConfigJson.Default.SmsMfaConfigType);
    }

    private static JsonElement? Element<T>(T? value, JsonTypeInfo<T> type)
        where T : class =>
        value is null ? null : JsonSerializer.SerializeToElement(value, type);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SetUserPoolMfaConfigRequest))]
[JsonSerializable(typeof(MfaConfigResponse))]
internal sealed partial class SetUserPoolMfaConfigJson : JsonSerializerContext;
