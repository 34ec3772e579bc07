using Gatehouse.Core;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

/// <summary>
/// What TagResource, UntagResource and ListTagsForResource share: the user pool an ARN names (only user pools take
/// tags in Cognito) and AWS's limits on tags (keys of 1-128 characters, values of at most 256, 50 per pool).
/// </summary>
internal static class PoolTags
{
    public const int MaxTagsPerPool = 50;

    public static void ValidateArn(Validation validation, string? arn) =>
        validation.Required(arn, "resourceArn").Length(arn, 20, 2048, "resourceArn").Pattern(arn, Patterns.Arn(), "resourceArn");

    /// <summary>Map keys and values checked as AWS's model constrains UserPoolTagsType.</summary>
    public static void ValidateTags(Validation validation, Dictionary<string, string>? tags, string member)
    {
        foreach (var (key, value) in tags ?? [])
        {
            validation.Length(key, 1, 128, member + ".key").Length(value, 0, 256, member + ".value");
        }
    }

    /// <summary>Changes the tags of the pool <paramref name="arn"/> names in one write session; <paramref name="change"/> may refuse by throwing.</summary>
    public static async Task ChangeAsync(CognitoServices services, CognitoCall call, string arn, Action<Dictionary<string, string>> change)
    {
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await PoolAsync(session, arn, call).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(pool.UserPoolTags ?? [], StringComparer.Ordinal);
        change(tags);
        pool.UserPoolTags = tags;
        await session.SavePoolAsync(pool, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The pool <paramref name="arn"/> names in this account and region, or ResourceNotFoundException: an ARN of
    /// another service, resource type, account or region names nothing here.
    /// </summary>
    public static async Task<UserPool> PoolAsync(IStoreSession session, string arn, CognitoCall call)
    {
        const string Marker = ":userpool/";
        var at = arn.IndexOf(Marker, StringComparison.Ordinal);
        var poolId = at < 0 ? "" : arn[(at + Marker.Length)..];
        var pool = poolId.Length == 0 || !Patterns.PoolId().IsMatch(poolId)
            ? null
            : await session.GetPoolAsync(poolId, call.CancellationToken).ConfigureAwait(false);
        if (pool is null || !string.Equals(pool.Arn, arn, StringComparison.Ordinal))
        {
            throw CognitoException.ResourceNotFound(poolId.Length == 0 ? $"Resource {arn} does not exist." : $"User pool {poolId} does not exist.");
        }

        return pool;
    }
}
