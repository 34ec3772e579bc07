using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

internal sealed class DeleteGroup(CognitoServices services) : CognitoAction<GroupRequest, Empty>
{
    protected override JsonTypeInfo<GroupRequest> RequestType => DeleteGroupJson.Default.GroupRequest;

    protected override JsonTypeInfo<Empty> ResponseType => DeleteGroupJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(GroupRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var group = await GroupRules.GroupAsync(session, pool.Id, request.GroupName!, call).ConfigureAwait(false);
        await session.DeleteGroupAsync(pool.Id, group.GroupName, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(GroupRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class DeleteGroupJson : JsonSerializerContext;
