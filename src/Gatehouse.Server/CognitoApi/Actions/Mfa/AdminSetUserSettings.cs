using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;
using Gatehouse.Server.CognitoApi.Actions.Users;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

internal sealed class AdminSetUserSettingsRequest : AdminUserRequest
{
    public List<MfaOptionType>? MFAOptions { get; set; }
}

/// <summary>An administrator's legacy SMS MFA switch for a user (see <see cref="UserSettings"/>).</summary>
internal sealed class AdminSetUserSettings(CognitoServices services) : CognitoAction<AdminSetUserSettingsRequest, Empty>
{
    protected override JsonTypeInfo<AdminSetUserSettingsRequest> RequestType => AdminSetUserSettingsJson.Default.AdminSetUserSettingsRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminSetUserSettingsJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminSetUserSettingsRequest request, CognitoCall call)
    {
        request.Validate();
        UserSettings.Validate(request.MFAOptions);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        UserSettings.Apply(user, request.MFAOptions!);
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminSetUserSettingsRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminSetUserSettingsJson : JsonSerializerContext;
