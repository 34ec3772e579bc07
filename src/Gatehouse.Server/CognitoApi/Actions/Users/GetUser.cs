using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AccessTokenRequest
{
    public string? AccessToken { get; set; }

    public void Validate() =>
        new Validation().Required(AccessToken, "accessToken").Pattern(AccessToken, Patterns.Code(), "accessToken", sensitive: true).ThrowIfAny();
}

internal sealed class GetUserResponse
{
    public string? Username { get; set; }
    public List<AttributeType>? UserAttributes { get; set; }
    public List<Mfa.MfaOptionType>? MFAOptions { get; set; }
    public string? PreferredMfaSetting { get; set; }
    public IReadOnlyList<string>? UserMFASettingList { get; set; }
}

internal sealed class GetUser(CognitoServices services) : CognitoAction<AccessTokenRequest, GetUserResponse>
{
    protected override JsonTypeInfo<AccessTokenRequest> RequestType => GetUserJson.Default.AccessTokenRequest;

    protected override JsonTypeInfo<GetUserResponse> ResponseType => GetUserJson.Default.GetUserResponse;

    protected override async Task<GetUserResponse> HandleAsync(AccessTokenRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        return new GetUserResponse
        {
            Username = signedIn.User.Username,
            UserAttributes = AttributeRules.Readable(signedIn.Client, signedIn.User).Select(a => new AttributeType { Name = a.Key, Value = a.Value }).ToList(),
            MFAOptions = Mfa.UserSettings.Options(signedIn.User),
            PreferredMfaSetting = signedIn.User.Mfa?.Preferred,
            UserMFASettingList = Mfa.MfaPreferences.SettingList(signedIn.User),
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccessTokenRequest))]
[JsonSerializable(typeof(GetUserResponse))]
internal sealed partial class GetUserJson : JsonSerializerContext;
