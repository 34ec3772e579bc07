using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.OAuth;

/// <summary>
/// The grants of the token endpoint: the client is authenticated first, then the grant decides. The pool is the
/// client's. Every failure is an <see cref="OAuthError"/>, none says more than RFC 6749's error code.
/// </summary>
public sealed class TokenGrants(IGatehouseStore store, TokenIssuer issuer, RefreshTokens refreshTokens, Authorizations authorizations, IdGenerator ids)
{
    public async Task<TokenResponse> IssueAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.GrantType))
        {
            throw OAuthError.InvalidRequest();
        }

        // Only the code grant writes: it takes the code out of the store and keeps a refresh token.
        var exchangesCode = request.GrantType == "authorization_code";
        await using var session = await store.OpenAsync(write: exchangesCode, cancellationToken).ConfigureAwait(false);
        var client = await ClientAuthentication.AuthenticateAsync(session, request.Client, cancellationToken).ConfigureAwait(false);
        return request.GrantType switch
        {
            "client_credentials" => await ClientCredentialsAsync(session, client, request.Scope, cancellationToken).ConfigureAwait(false),
            "authorization_code" => await authorizations.ExchangeAsync(
                session, client, request.Code, request.RedirectUri, request.CodeVerifier, cancellationToken).ConfigureAwait(false),
            "refresh_token" => await RefreshAsync(session, client, request.RefreshToken, cancellationToken).ConfigureAwait(false),
            _ => throw OAuthError.UnsupportedGrantType(),
        };
    }

    private async Task<TokenResponse> ClientCredentialsAsync(IStoreSession session, AppClient client, string? scope, CancellationToken cancellationToken)
    {
        if (client.ClientSecret is null || client.AllowedOAuthFlowsUserPoolClient != true || client.AllowedOAuthFlows?.Contains("client_credentials") != true)
        {
            throw OAuthError.UnauthorizedClient();
        }

        // A scope of a resource server deleted since the client was saved is no longer granted.
        var servers = await ResourceServers.ListAsync(session, client.UserPoolId!, cancellationToken).ConfigureAwait(false);
        var existing = ResourceServers.ScopesOf(servers).ToHashSet(StringComparer.Ordinal);
        var allowed = OAuthScopes.CustomOf(client).Where(existing.Contains).ToList();
        var requested = string.IsNullOrWhiteSpace(scope)
            ? allowed
            : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count == 0 || requested.Any(s => !allowed.Contains(s, StringComparer.Ordinal)))
        {
            throw OAuthError.InvalidScope();
        }

        var (accessToken, expiresIn) = await issuer.IssueClientCredentialsAsync(client, requested, cancellationToken).ConfigureAwait(false);
        return new TokenResponse(accessToken, expiresIn);
    }

    /// <summary>Refresh tokens of the Cognito API are good here too: both come from <see cref="RefreshTokens"/>.</summary>
    private async Task<TokenResponse> RefreshAsync(IStoreSession session, AppClient client, string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw OAuthError.InvalidRequest();
        }

        Grant grant;
        try
        {
            grant = await refreshTokens.FindAsync(session, client, refreshToken, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException)
        {
            throw OAuthError.InvalidGrant();
        }

        var pool = await session.GetPoolAsync(client.UserPoolId!, cancellationToken).ConfigureAwait(false);
        var user = pool is null ? null : await session.GetUserAsync(pool.Id, grant.UserKey!, cancellationToken).ConfigureAwait(false);
        if (pool is null || user is null || !user.Enabled)
        {
            throw OAuthError.InvalidGrant();
        }

        var data = RefreshTokens.DataOf(grant);
        var groups = await session.ListGroupsForUserAsync(pool.Id, grant.UserKey!, null, 1000, cancellationToken).ConfigureAwait(false);
        var tokens = await issuer.IssueAsync(pool, client, user, groups, new AuthEvent(data.OriginJti, ids.NewUuid(), data.AuthTime), cancellationToken, data.OAuth)
            .ConfigureAwait(false);
        return new TokenResponse(tokens.AccessToken, tokens.ExpiresIn, tokens.IdToken);
    }
}
