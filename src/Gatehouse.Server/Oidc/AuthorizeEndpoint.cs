using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Oidc;

/// <summary>
/// <c>GET /oauth2/authorize</c>: checks the request against the client, then either completes it at once for a browser
/// that is still signed in (the login session cookie), or sends the browser to <c>/login</c> with the same query, as
/// Cognito does.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static async Task HandleAsync(
        HttpContext context, IGatehouseStore store, Authorizations authorizations, LoginSessions logins, Authenticator authenticator)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            var parameters = Parse(request.Query);
            var cookie = request.Cookies[LoginSessions.CookieName];

            // Only a browser that may be signed in needs the write transaction that issuing a code takes.
            await using var session = await store.OpenAsync(write: cookie is not null, cancellationToken).ConfigureAwait(false);
            var authorization = await Authorizations.ValidateAsync(session, parameters, TokenEndpoint.DomainOf(request.Host.Host), cancellationToken)
                .ConfigureAwait(false);
            var login = await logins.FindAsync(session, authorization.Pool.Id, cookie, cancellationToken).ConfigureAwait(false);
            var user = login is null ? null : await session.GetUserAsync(login.PoolId, login.UserKey, cancellationToken).ConfigureAwait(false);
            if (login is null || !login.IsOf(user))
            {
                context.Response.Redirect("/login" + request.QueryString.Value);
                return;
            }

            var redirect = await authorizations.CompleteAsync(session, authorization, user, login.AuthTime, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);

            // The implicit grant's PreTokenGeneration runs with the writer released.
            await session.DisposeAsync().ConfigureAwait(false);
            context.Response.Redirect(await authorizations.RedirectAsync(redirect, authenticator.Triggers, cancellationToken).ConfigureAwait(false));
        }
        catch (AuthorizeError error)
        {
            context.Response.Redirect(error.Location);
        }
    }

    /// <summary>The request's parameters; one sent twice makes the request malformed (RFC 6749 3.1).</summary>
    public static AuthorizeParameters Parse(IQueryCollection query)
    {
        string? One(string name)
        {
            var values = query[name];
            return values.Count switch
            {
                0 => null,
                1 when !string.IsNullOrEmpty(values[0]) => values[0],
                1 => null,
                _ => throw new AuthorizeError("invalid_request", clientId: query["client_id"].Count == 1 ? query["client_id"][0] : null),
            };
        }

        return new AuthorizeParameters(
            One("response_type"), One("client_id"), One("redirect_uri"), One("state"), One("scope"), One("nonce"),
            One("code_challenge"), One("code_challenge_method"));
    }
}
