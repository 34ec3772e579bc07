using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminDeleteUser(CognitoServices services) : CognitoAction<AdminUserRequest, Empty>
{
    protected override JsonTypeInfo<AdminUserRequest> RequestType => AdminDeleteUserJson.Default.AdminUserRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminDeleteUserJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminUserRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);

        // Deleting the grants alone would leave issued access and ID tokens valid until they expire.
        await services.RefreshTokens.RevokeAllAsync(session, pool.Id, user.Key, call.CancellationToken).ConfigureAwait(false);
        await session.DeleteUserAsync(pool.Id, user.Key, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(AdminUserRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminDeleteUserJson : JsonSerializerContext;
