using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.OAuth;

/// <summary>
/// OIDC's UserInfo as Cognito's <c>/oauth2/userInfo</c> answers it: an access token from the pool's domain with the
/// <c>openid</c> scope, still good (signature, issuer, expiry, revocation) and of a user who still exists and is
/// enabled, gets the user's attributes that the token's scopes and the client's read permissions allow.
/// </summary>
public sealed class UserInfo(IGatehouseStore store, TokenValidator validator)
{
    /// <summary>What Cognito says of every refused token, whatever the reason.</summary>
    public const string InvalidTokenDescription = "Access token is expired, disabled, or deleted, or the user has globally signed out.";

    /// <summary>OIDC's <c>profile</c> claims (Core 5.4); the scope also releases the pool's custom attributes.</summary>
    private static readonly HashSet<string> ProfileClaims = new(StringComparer.Ordinal)
    {
        "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "gender",
        "birthdate", "zoneinfo", "locale", "updated_at",
    };

    /// <summary>
    /// The claims for <paramref name="accessToken"/>, in Cognito's shape: <c>sub</c>, the attributes, then
    /// <c>username</c>, every value a string (so <c>email_verified</c> is <c>"true"</c>, as Cognito writes it).
    /// <paramref name="domain"/> is the pool domain the request came by, if any: a token of another pool is refused.
    /// </summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> GetAsync(string accessToken, string? domain, CancellationToken cancellationToken)
    {
        var check = await validator.CheckAsync(accessToken, "access", cancellationToken).ConfigureAwait(false);
        if (!check.IsValid)
        {
            throw OAuthError.InvalidToken(InvalidTokenDescription);
        }

        // The Cognito API's tokens (scope aws.cognito.signin.user.admin) and client_credentials tokens lack openid.
        var scopes = (check.Claim("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            throw OAuthError.InsufficientScope("Access token does not contain openid scope");
        }

        var username = check.Claim("username") ?? throw OAuthError.InvalidToken(InvalidTokenDescription);
        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        var pool = await session.GetPoolAsync(check.PoolId!, cancellationToken).ConfigureAwait(false);
        if (pool is null
            || (domain is not null && (await UserPoolDomains.GetAsync(session, domain, cancellationToken).ConfigureAwait(false))?.UserPoolId != pool.Id))
        {
            throw OAuthError.InvalidToken(InvalidTokenDescription);
        }

        var user = await session.GetUserAsync(pool.Id, UserKeys.Username(pool, username), cancellationToken).ConfigureAwait(false);
        var client = await session.GetClientAsync(check.Claim("client_id") ?? "", cancellationToken).ConfigureAwait(false);
        if (user is null || user.Sub != check.Claim("sub") || !user.Enabled || client is null || client.UserPoolId != pool.Id)
        {
            throw OAuthError.InvalidToken(InvalidTokenDescription);
        }

        return Claims(client, user, scopes);
    }

    /// <summary>
    /// Cognito's release rules: <c>openid</c> alone releases every attribute the client can read; with
    /// <c>profile</c>, <c>email</c> or <c>phone</c> only those scopes' claims (and, for <c>profile</c>, the custom
    /// attributes), always within the client's read permissions. <c>aws.cognito.signin.user.admin</c> changes nothing.
    /// </summary>
    public static List<KeyValuePair<string, string>> Claims(AppClient client, User user, IReadOnlyCollection<string> scopes)
    {
        var profile = scopes.Contains("profile", StringComparer.Ordinal);
        var email = scopes.Contains("email", StringComparer.Ordinal);
        var phone = scopes.Contains("phone", StringComparer.Ordinal);
        var everything = !profile && !email && !phone;
        var claims = new List<KeyValuePair<string, string>> { new("sub", user.Sub) };
        foreach (var (name, value) in AttributeRules.Readable(client, user))
        {
            var released = name != "sub"
                && (everything
                    || (profile && (ProfileClaims.Contains(name) || name.StartsWith("custom:", StringComparison.Ordinal)))
                    || (email && name is "email" or "email_verified")
                    || (phone && name is "phone_number" or "phone_number_verified"));
            if (released)
            {
                claims.Add(new(name, value));
            }
        }

        claims.Add(new("username", user.Username));
        return claims;
    }
}
