using Gatehouse.Core.OAuth;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.Oidc;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// <c>GET /logout</c>, as Cognito's: <c>client_id</c> + <c>logout_uri</c>, which must be one of the client's
/// LogoutURLs, redirects there; <c>client_id</c> + <c>redirect_uri</c> (one of the client's CallbackURLs) +
/// <c>response_type</c> (+ scope, state ...) redirects to <c>/login</c> with those parameters to sign in again. Either way the login
/// session ends and its cookie is expired. A request that names no registered URI goes to the error page, never to
/// the URI it names, and signs nobody out.
/// </summary>
internal static class LogoutEndpoint
{
    public static async Task GetAsync(PageRequest request)
    {
        var ui = request.Ui;
        var cancellationToken = request.Aborted;
        var clientId = request.Parameters.ClientId;
        var logoutUri = request.QueryValue("logout_uri");

        await using var session = await ui.Store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
        string location;
        if (logoutUri is not null)
        {
            if (clientId is null)
            {
                throw new AuthorizeError("invalid_request");
            }

            var client = await session.GetClientAsync(clientId, cancellationToken).ConfigureAwait(false);
            var domain = TokenEndpoint.DomainOf(request.Context.Request.Host.Host);
            if (client is null
                || (domain is not null && (await UserPoolDomains.GetAsync(session, domain, cancellationToken).ConfigureAwait(false))?.UserPoolId != client.UserPoolId))
            {
                throw new AuthorizeError("invalid_request", clientId: clientId);
            }

            if (client.LogoutURLs?.Contains(logoutUri, StringComparer.Ordinal) != true)
            {
                throw new AuthorizeError("redirect_mismatch", clientId: client.ClientId);
            }

            location = logoutUri;
        }
        else if (request.Parameters.RedirectUri is not null)
        {
            try
            {
                await request.AuthorizeAsync(session).ConfigureAwait(false);
            }
            catch (AuthorizeError error) when (error.RedirectUri is not null && request.Parameters.ResponseType is not null)
            {
                // The client and its callback are known; /login reports anything else about the request (a missing
                // PKCE challenge, a scope) the way /oauth2/authorize does.
            }

            location = request.Url("/login");
        }
        else
        {
            throw new AuthorizeError("invalid_request", clientId: clientId);
        }

        await ui.Logins.EndAsync(session, request.Context.Request.Cookies[LoginSessions.CookieName], cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        request.ExpireCookie(LoginSessions.CookieName);
        request.Redirect(location);
    }
}
