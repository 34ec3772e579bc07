using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminGetUserResponse
{
    public string? Username { get; set; }
    public List<AttributeType>? UserAttributes { get; set; }
    public DateTimeOffset? UserCreateDate { get; set; }
    public DateTimeOffset? UserLastModifiedDate { get; set; }
    public bool Enabled { get; set; }
    public string? UserStatus { get; set; }
    public List<Mfa.MfaOptionType>? MFAOptions { get; set; }
    public string? PreferredMfaSetting { get; set; }
    public IReadOnlyList<string>? UserMFASettingList { get; set; }
}

internal sealed class AdminGetUser(CognitoServices services) : CognitoAction<AdminUserRequest, AdminGetUserResponse>
{
    protected override JsonTypeInfo<AdminUserRequest> RequestType => AdminGetUserJson.Default.AdminUserRequest;

    protected override JsonTypeInfo<AdminGetUserResponse> ResponseType => AdminGetUserJson.Default.AdminGetUserResponse;

    protected override async Task<AdminGetUserResponse> HandleAsync(AdminUserRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        return new AdminGetUserResponse
        {
            Username = user.Username,
            UserAttributes = Shapes.Attributes(user),
            UserCreateDate = user.Created,
            UserLastModifiedDate = user.LastModified,
            Enabled = user.Enabled,
            UserStatus = user.Status,
            MFAOptions = Mfa.UserSettings.Options(user),
            PreferredMfaSetting = user.Mfa?.Preferred,
            UserMFASettingList = Mfa.MfaPreferences.SettingList(user),
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(AdminUserRequest))]
[JsonSerializable(typeof(AdminGetUserResponse))]
internal sealed partial class AdminGetUserJson : JsonSerializerContext;
