using Gatehouse.Core.OAuth;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Oidc;

/// <summary>
/// <c>POST /oauth2/revoke</c>: the form (<c>token</c>, <c>client_id</c>) and client authentication as at the token
/// endpoint; Core's <see cref="TokenRevocation"/> decides. Success is 200 with an empty body, as in Cognito.
/// </summary>
internal static class RevokeEndpoint
{
    public static async Task HandleAsync(HttpContext context, TokenRevocation revocation)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        try
        {
            var form = await OAuthForm.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            await revocation.RevokeAsync(form["token"], form.Client, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OAuthError error)
        {
            await TokenEndpoint.WriteErrorAsync(context, error).ConfigureAwait(false);
        }
    }
}
