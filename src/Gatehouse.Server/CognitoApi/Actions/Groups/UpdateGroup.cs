using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

internal sealed class UpdateGroup(CognitoServices services) : CognitoAction<GroupSettingsRequest, GroupResponse>
{
    protected override JsonTypeInfo<GroupSettingsRequest> RequestType => UpdateGroupJson.Default.GroupSettingsRequest;

    protected override JsonTypeInfo<GroupResponse> ResponseType => UpdateGroupJson.Default.GroupResponse;

    protected override async Task<GroupResponse> HandleAsync(GroupSettingsRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var group = await GroupRules.GroupAsync(session, pool.Id, request.GroupName!, call).ConfigureAwait(false);

        // AWS updates only the properties a request gives; an omitted one keeps its value.
        group.Description = request.Description ?? group.Description;
        group.RoleArn = request.RoleArn ?? group.RoleArn;
        group.Precedence = request.Precedence ?? group.Precedence;
        group.LastModifiedDate = services.Now;
        await session.SaveGroupAsync(group, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new GroupResponse { Group = group };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GroupSettingsRequest))]
[JsonSerializable(typeof(GroupResponse))]
internal sealed partial class UpdateGroupJson : JsonSerializerContext;
