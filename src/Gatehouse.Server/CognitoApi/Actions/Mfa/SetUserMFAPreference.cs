using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Server.CognitoApi.Actions.Users;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

internal sealed class SetUserMFAPreferenceRequest
{
    public string? AccessToken { get; set; }
    public MfaSettingsType? SMSMfaSettings { get; set; }
    public MfaSettingsType? SoftwareTokenMfaSettings { get; set; }
    public MfaSettingsType? EmailMfaSettings { get; set; }
}

/// <summary>The signed-in user enables, disables and prefers MFA factors (see <see cref="MfaPreferences.Apply"/>).</summary>
internal sealed class SetUserMFAPreference(CognitoServices services) : CognitoAction<SetUserMFAPreferenceRequest, Empty>
{
    protected override JsonTypeInfo<SetUserMFAPreferenceRequest> RequestType => SetUserMFAPreferenceJson.Default.SetUserMFAPreferenceRequest;

    protected override JsonTypeInfo<Empty> ResponseType => SetUserMFAPreferenceJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(SetUserMFAPreferenceRequest request, CognitoCall call)
    {
        new AccessTokenRequest { AccessToken = request.AccessToken }.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var user = (await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false)).User;
        MfaPreferences.Apply(user, request.SMSMfaSettings, request.SoftwareTokenMfaSettings, request.EmailMfaSettings);
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SetUserMFAPreferenceRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class SetUserMFAPreferenceJson : JsonSerializerContext;
