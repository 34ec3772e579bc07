using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminEnableUser(CognitoServices services) : CognitoAction<AdminUserRequest, Empty>
{
    protected override JsonTypeInfo<AdminUserRequest> RequestType => AdminEnableUserJson.Default.AdminUserRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminEnableUserJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminUserRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        user.Enabled = true;
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(AdminUserRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminEnableUserJson : JsonSerializerContext;
