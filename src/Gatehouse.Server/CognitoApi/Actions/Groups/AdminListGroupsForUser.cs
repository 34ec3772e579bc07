using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

internal sealed class AdminListGroupsForUserRequest
{
    public string? Username { get; set; }
    public string? UserPoolId { get; set; }
    public int? Limit { get; set; }
    public string? NextToken { get; set; }
}

internal sealed class AdminListGroupsForUser(CognitoServices services) : CognitoAction<AdminListGroupsForUserRequest, GroupsResponse>
{
    protected override JsonTypeInfo<AdminListGroupsForUserRequest> RequestType => AdminListGroupsForUserJson.Default.AdminListGroupsForUserRequest;

    protected override JsonTypeInfo<GroupsResponse> ResponseType => AdminListGroupsForUserJson.Default.GroupsResponse;

    protected override async Task<GroupsResponse> HandleAsync(AdminListGroupsForUserRequest request, CognitoCall call)
    {
        new Validation().Username(request.Username).PoolId(request.UserPoolId).Page(request.Limit, request.NextToken).ThrowIfAny();
        var size = GroupRules.PageSize(request.Limit);
        var after = PageToken.Decode(request.NextToken);
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        var rows = await session.ListGroupsForUserAsync(pool.Id, user.Key, after, size + 1, call.CancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Cut(rows, size, g => g.GroupName);
        return new GroupsResponse { Groups = page, NextToken = next };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(AdminListGroupsForUserRequest))]
[JsonSerializable(typeof(GroupsResponse))]
internal sealed partial class AdminListGroupsForUserJson : JsonSerializerContext;
