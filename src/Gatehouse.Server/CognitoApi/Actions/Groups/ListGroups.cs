using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

internal sealed class ListGroupsRequest
{
    public string? UserPoolId { get; set; }
    public int? Limit { get; set; }
    public string? NextToken { get; set; }
}

internal sealed class ListGroups(CognitoServices services) : CognitoAction<ListGroupsRequest, GroupsResponse>
{
    protected override JsonTypeInfo<ListGroupsRequest> RequestType => ListGroupsJson.Default.ListGroupsRequest;

    protected override JsonTypeInfo<GroupsResponse> ResponseType => ListGroupsJson.Default.GroupsResponse;

    protected override async Task<GroupsResponse> HandleAsync(ListGroupsRequest request, CognitoCall call)
    {
        new Validation().PoolId(request.UserPoolId).Page(request.Limit, request.NextToken).ThrowIfAny();
        var size = GroupRules.PageSize(request.Limit);
        var after = PageToken.Decode(request.NextToken);
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var rows = await session.ListGroupsAsync(pool.Id, after, size + 1, call.CancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Cut(rows, size, g => g.GroupName);
        return new GroupsResponse { Groups = page, NextToken = next };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListGroupsRequest))]
[JsonSerializable(typeof(GroupsResponse))]
internal sealed partial class ListGroupsJson : JsonSerializerContext;
