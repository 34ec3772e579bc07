using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.OAuth;

/// <summary>
/// <c>POST /oauth2/revoke</c> (RFC 7009) as Cognito answers it: a refresh token of the authenticated client ends its
/// sign-in, so the refresh token and every ID and access token issued from it stop working.
/// </summary>
public sealed class TokenRevocation(IGatehouseStore store, RefreshTokens refreshTokens)
{
    /// <summary>
    /// Revokes <paramref name="token"/>. Errors, in Cognito's order: no token is invalid_request; bad client
    /// credentials invalid_client; a client with token revocation turned off invalid_request; an ID or access token
    /// unsupported_token_type. A token that is unknown, expired, already revoked or another client's is not an error
    /// (RFC 7009 2.2): nothing happens and the caller answers 200 all the same.
    /// </summary>
    public async Task RevokeAsync(string? token, ClientCredentials credentials, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw OAuthError.InvalidRequest();
        }

        await using var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
        var client = await ClientAuthentication.AuthenticateAsync(session, credentials, cancellationToken).ConfigureAwait(false);
        if (client.EnableTokenRevocation == false)
        {
            throw OAuthError.InvalidRequest();
        }

        if (RefreshTokens.IsJwt(token))
        {
            throw OAuthError.UnsupportedTokenType();
        }

        Grant grant;
        try
        {
            grant = await refreshTokens.FindAsync(session, client, token, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException)
        {
            return;
        }

        await refreshTokens.RevokeAsync(session, grant, cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
