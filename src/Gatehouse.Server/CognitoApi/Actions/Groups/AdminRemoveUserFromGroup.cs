using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

internal sealed class AdminRemoveUserFromGroup(CognitoServices services) : CognitoAction<GroupMemberRequest, Empty>
{
    protected override JsonTypeInfo<GroupMemberRequest> RequestType => AdminRemoveUserFromGroupJson.Default.GroupMemberRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminRemoveUserFromGroupJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(GroupMemberRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        var group = await GroupRules.GroupAsync(session, pool.Id, request.GroupName!, call).ConfigureAwait(false);
        await session.RemoveMemberAsync(pool.Id, group.GroupName, user.Key, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(GroupMemberRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminRemoveUserFromGroupJson : JsonSerializerContext;
