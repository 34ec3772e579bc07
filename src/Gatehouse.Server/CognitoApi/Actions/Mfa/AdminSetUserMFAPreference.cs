using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;
using Gatehouse.Server.CognitoApi.Actions.Users;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

internal sealed class AdminSetUserMFAPreferenceRequest : AdminUserRequest
{
    public MfaSettingsType? SMSMfaSettings { get; set; }
    public MfaSettingsType? SoftwareTokenMfaSettings { get; set; }
    public MfaSettingsType? EmailMfaSettings { get; set; }
}

/// <summary>An administrator sets a user's MFA factors, with SetUserMFAPreference's rules (<see cref="MfaPreferences.Apply"/>).</summary>
internal sealed class AdminSetUserMFAPreference(CognitoServices services) : CognitoAction<AdminSetUserMFAPreferenceRequest, Empty>
{
    protected override JsonTypeInfo<AdminSetUserMFAPreferenceRequest> RequestType => AdminSetUserMFAPreferenceJson.Default.AdminSetUserMFAPreferenceRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminSetUserMFAPreferenceJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminSetUserMFAPreferenceRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        MfaPreferences.Apply(user, request.SMSMfaSettings, request.SoftwareTokenMfaSettings, request.EmailMfaSettings);
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminSetUserMFAPreferenceRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminSetUserMFAPreferenceJson : JsonSerializerContext;
