using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

internal sealed class CreateGroup(CognitoServices services) : CognitoAction<GroupSettingsRequest, GroupResponse>
{
    protected override JsonTypeInfo<GroupSettingsRequest> RequestType => CreateGroupJson.Default.GroupSettingsRequest;

    protected override JsonTypeInfo<GroupResponse> ResponseType => CreateGroupJson.Default.GroupResponse;

    protected override async Task<GroupResponse> HandleAsync(GroupSettingsRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        if (await session.GetGroupAsync(pool.Id, request.GroupName!, call.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new CognitoException("GroupExistsException", "A group with the name already exists.");
        }

        var now = services.Now;
        var group = new Group
        {
            GroupName = request.GroupName!,
            UserPoolId = pool.Id,
            Description = request.Description,
            RoleArn = request.RoleArn,
            Precedence = request.Precedence,
            LastModifiedDate = now,
            CreationDate = now,
        };
        await session.SaveGroupAsync(group, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new GroupResponse { Group = group };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GroupSettingsRequest))]
[JsonSerializable(typeof(GroupResponse))]
internal sealed partial class CreateGroupJson : JsonSerializerContext;
