using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminDisableUser(CognitoServices services) : CognitoAction<AdminUserRequest, Empty>
{
    protected override JsonTypeInfo<AdminUserRequest> RequestType => AdminDisableUserJson.Default.AdminUserRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminDisableUserJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminUserRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        user.Enabled = false;
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);

        // Cognito revokes the user's tokens on disable, so enabling the user again does not revive old sign-ins.
        await services.RefreshTokens.RevokeAllAsync(session, pool.Id, user.Key, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(AdminUserRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminDisableUserJson : JsonSerializerContext;
