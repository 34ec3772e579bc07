using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Server.CognitoApi.Actions.Users;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

internal sealed class SetUserSettingsRequest
{
    public string? AccessToken { get; set; }
    public List<MfaOptionType>? MFAOptions { get; set; }
}

/// <summary>The signed-in user's legacy SMS MFA switch (see <see cref="UserSettings"/>).</summary>
internal sealed class SetUserSettings(CognitoServices services) : CognitoAction<SetUserSettingsRequest, Empty>
{
    protected override JsonTypeInfo<SetUserSettingsRequest> RequestType => SetUserSettingsJson.Default.SetUserSettingsRequest;

    protected override JsonTypeInfo<Empty> ResponseType => SetUserSettingsJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(SetUserSettingsRequest request, CognitoCall call)
    {
        new AccessTokenRequest { AccessToken = request.AccessToken }.Validate();
        UserSettings.Validate(request.MFAOptions);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var user = (await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false)).User;
        UserSettings.Apply(user, request.MFAOptions!);
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SetUserSettingsRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class SetUserSettingsJson : JsonSerializerContext;
