using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class GlobalSignOut(CognitoServices services) : CognitoAction<AccessTokenRequest, Empty>
{
    protected override JsonTypeInfo<AccessTokenRequest> RequestType => GlobalSignOutJson.Default.AccessTokenRequest;

    protected override JsonTypeInfo<Empty> ResponseType => GlobalSignOutJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AccessTokenRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        await services.RefreshTokens.RevokeAllAsync(session, signedIn.Pool.Id, signedIn.User.Key, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccessTokenRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class GlobalSignOutJson : JsonSerializerContext;
