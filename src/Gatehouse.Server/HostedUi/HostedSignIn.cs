using Gatehouse.Core;
using Gatehouse.Core.Functions;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// How every hosted page that proved who the user is ends: with the MFA step the user still owes (the same decision
/// as the API's, so the pages are no way around MFA), or with the browser signed in.
/// </summary>
internal static class HostedSignIn
{
    /// <summary>
    /// After a first factor (and a new password): the second factor's page when MFA applies, else
    /// <see cref="CompleteAsync"/>. <paramref name="session"/> is the step's open write session; this commits it.
    /// </summary>
    public static async Task ContinueAsync(
        PageRequest request, IStoreSession session, ValidAuthorization authorization, User user, string? username, bool postAuthentication)
    {
        var next = await request.Ui.Authenticator.NextStepAsync(session, authorization.Pool, authorization.Client, user, request.Aborted).ConfigureAwait(false);
        if (next is not null)
        {
            await MfaStep.StartAsync(request, session, authorization, user, next).ConfigureAwait(false);
            return;
        }

        await CompleteAsync(request, session, authorization, user, username, postAuthentication).ConfigureAwait(false);
    }

    /// <summary>
    /// Signs in a user who has passed every step: PostAuthentication first (between two transactions, the steps so
    /// far kept) when asked and the pool has it, then the login session cookie and the redirect to the client.
    /// </summary>
    public static async Task CompleteAsync(
        PageRequest request, IStoreSession session, ValidAuthorization authorization, User user, string? username, bool postAuthentication)
    {
        var ui = request.Ui;
        var cancellationToken = request.Aborted;
        if (postAuthentication && CognitoTriggers.Has(authorization.Pool, "PostAuthentication"))
        {
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
            try
            {
                await ui.Authenticator.Triggers.PostAuthenticationAsync(authorization.Pool, authorization.Client, user, null, cancellationToken).ConfigureAwait(false);
            }
            catch (CognitoException e)
            {
                await FailAsync(request, authorization, username, ErrorMessages.Describe(e, LoginPage.Fields(username))).ConfigureAwait(false);
                return;
            }

            await using var next = await ui.Store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
            authorization = await request.AuthorizeAsync(next).ConfigureAwait(false);
            user = await next.GetUserAsync(authorization.Pool.Id, user.Key, cancellationToken).ConfigureAwait(false) ?? user;
            await SignInAsync(request, next, authorization, user).ConfigureAwait(false);
            return;
        }

        await SignInAsync(request, session, authorization, user).ConfigureAwait(false);
    }

    /// <summary>Back to the sign-in form with an error, for a step that cannot go on (an expired session, a lockout).</summary>
    public static Task FailAsync(PageRequest request, ValidAuthorization authorization, string? username, PageError error) =>
        request.PageAsync(LoginPage.Render(request, authorization, username, error), StatusCodes.Status400BadRequest);

    private static async Task SignInAsync(PageRequest request, IStoreSession session, ValidAuthorization authorization, User user)
    {
        var (cookie, location) = await request.Ui.SignInAsync(session, authorization, user, request.Aborted).ConfigureAwait(false);
        request.SetCookie(LoginSessions.CookieName, cookie, LoginSessions.Lifetime);
        request.Redirect(location);
    }
}
