using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

internal sealed class ListUsersInGroupRequest : GroupRequest
{
    public int? Limit { get; set; }
    public string? NextToken { get; set; }

    public override Validation Rules() => base.Rules().Page(Limit, NextToken);
}

internal sealed class ListUsersInGroupResponse
{
    public List<UserType> Users { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class ListUsersInGroup(CognitoServices services) : CognitoAction<ListUsersInGroupRequest, ListUsersInGroupResponse>
{
    protected override JsonTypeInfo<ListUsersInGroupRequest> RequestType => ListUsersInGroupJson.Default.ListUsersInGroupRequest;

    protected override JsonTypeInfo<ListUsersInGroupResponse> ResponseType => ListUsersInGroupJson.Default.ListUsersInGroupResponse;

    protected override async Task<ListUsersInGroupResponse> HandleAsync(ListUsersInGroupRequest request, CognitoCall call)
    {
        request.Validate();
        var size = GroupRules.PageSize(request.Limit);
        var after = PageToken.Decode(request.NextToken);
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var group = await GroupRules.GroupAsync(session, pool.Id, request.GroupName!, call).ConfigureAwait(false);
        var rows = await session.ListUsersInGroupAsync(pool.Id, group.GroupName, after, size + 1, call.CancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Cut(rows, size, u => u.Key);
        return new ListUsersInGroupResponse { Users = page.Select(u => UserType.From(u)).ToList(), NextToken = next };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListUsersInGroupRequest))]
[JsonSerializable(typeof(ListUsersInGroupResponse))]
internal sealed partial class ListUsersInGroupJson : JsonSerializerContext;
