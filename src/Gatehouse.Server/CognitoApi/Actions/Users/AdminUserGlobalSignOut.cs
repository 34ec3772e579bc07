using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminUserGlobalSignOut(CognitoServices services) : CognitoAction<AdminUserRequest, Empty>
{
    protected override JsonTypeInfo<AdminUserRequest> RequestType => AdminUserGlobalSignOutJson.Default.AdminUserRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminUserGlobalSignOutJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminUserRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        await services.RefreshTokens.RevokeAllAsync(session, pool.Id, user.Key, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(AdminUserRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminUserGlobalSignOutJson : JsonSerializerContext;
