using Gatehouse.Core;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Groups;

/// <summary>The members that name one group of one pool.</summary>
internal class GroupRequest
{
    public string? UserPoolId { get; set; }
    public string? GroupName { get; set; }

    /// <summary>Every model violation of the request in one validation, so AWS's "N validation errors" count is right.</summary>
    public virtual Validation Rules() => GroupRules.PoolId(new Validation(), UserPoolId).GroupName(GroupName);

    public void Validate() => Rules().ThrowIfAny();
}

/// <summary>The members CreateGroup and UpdateGroup share.</summary>
internal sealed class GroupSettingsRequest : GroupRequest
{
    public string? Description { get; set; }
    public string? RoleArn { get; set; }
    public int? Precedence { get; set; }

    public override Validation Rules() => base.Rules()
        .Length(Description, 0, 2048, "description")
        .Length(RoleArn, 20, 2048, "roleArn")
        .Pattern(RoleArn, Patterns.Arn(), "roleArn")
        .Range(Precedence, 0, int.MaxValue, "precedence");
}

/// <summary>The members of AdminAddUserToGroup and AdminRemoveUserFromGroup.</summary>
internal sealed class GroupMemberRequest : GroupRequest
{
    public string? Username { get; set; }

    public override Validation Rules() => base.Rules().Username(Username);
}

/// <summary>CreateGroup, GetGroup and UpdateGroup answer with the group.</summary>
internal sealed class GroupResponse
{
    public Group? Group { get; set; }
}

/// <summary>ListGroups and AdminListGroupsForUser answer with a page of groups.</summary>
internal sealed class GroupsResponse
{
    public List<Group> Groups { get; set; } = [];
    public string? NextToken { get; set; }
}

/// <summary>The model constraints and lookups that the group actions share.</summary>
internal static class GroupRules
{
    /// <summary>The page size when a request gives no Limit, as AWS's group listings default to.</summary>
    public const int DefaultLimit = 25;

    public static Validation PoolId(this Validation validation, string? poolId) => validation
        .Required(poolId, "userPoolId")
        .Length(poolId, 1, 55, "userPoolId")
        .Pattern(poolId, Patterns.PoolId(), "userPoolId");

    public static Validation GroupName(this Validation validation, string? groupName) => validation
        .Required(groupName, "groupName")
        .Length(groupName, 1, 128, "groupName")
        .Pattern(groupName, Patterns.GroupName(), "groupName");

    public static Validation Username(this Validation validation, string? username) => validation
        .Required(username, "username")
        .Length(username, 1, 128, "username")
        .Pattern(username, Patterns.Username(), "username");

    public static Validation Page(this Validation validation, int? limit, string? nextToken) => validation
        .Range(limit, 0, 60, "limit")
        .Length(nextToken, 1, int.MaxValue, "nextToken")
        .Pattern(nextToken, Patterns.PaginationKey(), "nextToken");

    /// <summary>
    /// The page size to read. The model allows a Limit of 0, but Cognito refuses it in a second check that names the
    /// member maxItems (aws/aws-sdk-js#2193), so a caller never gets an empty page that still has a NextToken.
    /// </summary>
    public static int PageSize(int? limit)
    {
        new Validation().Range(limit, 1, 60, "maxItems").ThrowIfAny();
        return limit ?? DefaultLimit;
    }

    public static async Task<Group> GroupAsync(IStoreSession session, string poolId, string groupName, CognitoCall call) =>
        await session.GetGroupAsync(poolId, groupName, call.CancellationToken).ConfigureAwait(false)
            ?? throw CognitoException.ResourceNotFound("Group not found.");
}
