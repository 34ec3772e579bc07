using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.OAuth;

/// <summary>
/// The grants of the token endpoint: the client is authenticated first, then the grant decides. The pool is the
/// client's. Every failure is an <see cref="OAuthError"/>, none says more than RFC 6749's error code.
/// </summary>
/// <remarks>
/// The pool's PreTokenGeneration trigger runs after the session is closed (it may call back into Gatehouse): each grant
/// gathers what the tokens need in the session, then the trigger runs, then the tokens are signed.
/// </remarks>
public sealed class TokenGrants(
    IGatehouseStore store, TokenIssuer issuer, RefreshTokens refreshTokens, Authorizations authorizations, IdGenerator ids, Authenticator authenticator)
{
    public async Task<TokenResponse> IssueAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.GrantType))
        {
            throw OAuthError.InvalidRequest();
        }

        // Only the code grant writes: it takes the code out of the store and keeps a refresh token.
        var exchangesCode = request.GrantType == "authorization_code";
        PendingTokens? pending = null;
        string? refresh = null;
        (UserPool Pool, AppClient Client, List<string> Scopes)? machine = null;
        await using (var session = await store.OpenAsync(write: exchangesCode, cancellationToken).ConfigureAwait(false))
        {
            var client = await ClientAuthentication.AuthenticateAsync(session, request.Client, cancellationToken).ConfigureAwait(false);
            switch (request.GrantType)
            {
                case "client_credentials":
                    machine = await ClientCredentialsAsync(session, client, request.Scope, cancellationToken).ConfigureAwait(false);
                    break;
                case "authorization_code":
                    (pending, refresh) = await authorizations.ExchangeAsync(
                        session, client, request.Code, request.RedirectUri, request.CodeVerifier, cancellationToken).ConfigureAwait(false);
                    break;
                case "refresh_token":
                    pending = await RefreshAsync(session, client, request.RefreshToken, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw OAuthError.UnsupportedGrantType();
            }
        }

        try
        {
            if (machine is var (pool, machineClient, scopes))
            {
                var custom = await authenticator.Triggers.ClientCredentialsAsync(pool, machineClient, scopes, null, cancellationToken).ConfigureAwait(false);
                var (accessToken, expiresIn) = await issuer.IssueClientCredentialsAsync(machineClient, scopes, cancellationToken, custom).ConfigureAwait(false);
                return new TokenResponse(accessToken, expiresIn);
            }

            var tokens = await authenticator.IssuePendingAsync(pending!, null, cancellationToken).ConfigureAwait(false);
            return new TokenResponse(tokens.AccessToken, tokens.ExpiresIn, tokens.IdToken, refresh);
        }
        catch (CognitoException e)
        {
            // A failing PreTokenGeneration trigger: no tokens, and the trigger's message for whoever debugs it.
            throw new OAuthError("invalid_request", description: e.Message);
        }
    }

    private static async Task<(UserPool Pool, AppClient Client, List<string> Scopes)> ClientCredentialsAsync(
        IStoreSession session, AppClient client, string? scope, CancellationToken cancellationToken)
    {
        if (client.ClientSecret is null || client.AllowedOAuthFlowsUserPoolClient != true || client.AllowedOAuthFlows?.Contains("client_credentials") != true)
        {
            throw OAuthError.UnauthorizedClient();
        }

        // A scope of a resource server deleted since the client was saved is no longer granted.
        var existing = await ResourceServers.ScopeSetAsync(session, client.UserPoolId!, cancellationToken).ConfigureAwait(false);
        var allowed = OAuthScopes.CustomOf(client);
        allowed.RemoveAll(s => !existing.Contains(s));
        List<string> requested;
        if (string.IsNullOrWhiteSpace(scope))
        {
            requested = allowed;
        }
        else
        {
            requested = [];
            foreach (var s in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!allowed.Contains(s, StringComparer.Ordinal))
                {
                    throw OAuthError.InvalidScope();
                }

                if (!requested.Contains(s, StringComparer.Ordinal))
                {
                    requested.Add(s);
                }
            }
        }

        if (requested.Count == 0)
        {
            throw OAuthError.InvalidScope();
        }

        var pool = await session.GetPoolAsync(client.UserPoolId!, cancellationToken).ConfigureAwait(false) ?? throw OAuthError.UnauthorizedClient();
        return (pool, client, requested);
    }

    /// <summary>Refresh tokens of the Cognito API are good here too: both come from <see cref="RefreshTokens"/>.</summary>
    private async Task<PendingTokens> RefreshAsync(IStoreSession session, AppClient client, string? refreshToken, CancellationToken cancellationToken)
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
        var authEvent = new AuthEvent(data.OriginJti, ids.NewUuid(), data.AuthTime);
        return new PendingTokens(pool, client, user, groups, authEvent, "TokenGeneration_RefreshTokens", false, data.OAuth);
    }
}
