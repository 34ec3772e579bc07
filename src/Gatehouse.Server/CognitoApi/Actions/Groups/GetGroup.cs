using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

internal sealed class GetGroup(CognitoServices services) : CognitoAction<GroupRequest, GroupResponse>
{
    protected override JsonTypeInfo<GroupRequest> RequestType => GetGroupJson.Default.GroupRequest;

    protected override JsonTypeInfo<GroupResponse> ResponseType => GetGroupJson.Default.GroupResponse;

    protected override async Task<GroupResponse> HandleAsync(GroupRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        return new GroupResponse { Group = await GroupRules.GroupAsync(session, pool.Id, request.GroupName!, call).ConfigureAwait(false) };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GroupRequest))]
[JsonSerializable(typeof(GroupResponse))]
internal sealed partial class GetGroupJson : JsonSerializerContext;
