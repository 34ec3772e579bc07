using Gatehouse.Core.Storage;

namespace Gatehouse.Core.UserPools;

/// <summary>The OAuth scopes a pool knows: the standard ones and its resource servers' <c>{identifier}/{scope}</c>.</summary>
public static class OAuthScopes
{
    public static readonly string[] Standard = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

    /// <summary>Throws ScopeDoesNotExistException for the first scope the pool does not define, as Cognito does.</summary>
    public static async Task CheckExistAsync(IStoreSession session, string poolId, IReadOnlyCollection<string>? scopes, CancellationToken cancellationToken)
    {
        var custom = scopes?.Where(s => !Standard.Contains(s, StringComparer.Ordinal)).ToList() ?? [];
        if (custom.Count == 0)
        {
            return;
        }

        var known = await ResourceServers.ScopeSetAsync(session, poolId, cancellationToken).ConfigureAwait(false);
        var unknown = custom.FirstOrDefault(s => !known.Contains(s));
        if (unknown is not null)
        {
            throw new CognitoException("ScopeDoesNotExistException", $"Invalid scope requested: {unknown}");
        }
    }

    /// <summary>The client's allowed scopes that come from resource servers, in the client's order.</summary>
    public static List<string> CustomOf(AppClient client) =>
        [.. (client.AllowedOAuthScopes ?? []).Where(s => !Standard.Contains(s, StringComparer.Ordinal))];
}
