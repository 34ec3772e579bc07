using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Functions;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.UserPools;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// <c>/login</c>: username and password, checked by the same authenticator, lockout and throttle as the API. A
/// correct password leads to <see cref="MfaStep"/> when MFA applies, else signs the browser in (the login session
/// cookie) and completes the authorization in one transaction; an unconfirmed user goes to <c>/confirmUser</c>, a
/// FORCE_CHANGE_PASSWORD user to <see cref="NewPasswordStep"/>. As in Cognito, the client's ExplicitAuthFlows do not apply to the hosted UI.
/// </summary>
internal static class LoginPage
{
    public static async Task GetAsync(PageRequest request)
    {
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);
        await request.PageAsync(Render(request, authorization, username: null, error: null)).ConfigureAwait(false);
    }

    public static async Task PostAsync(PageRequest request)
    {
        var form = await request.FormAsync().ConfigureAwait(false);
        if (form.ContainsKey(MfaStep.SessionField))
        {
            await MfaStep.PostAsync(request, form).ConfigureAwait(false);
            return;
        }

        if (form.ContainsKey(NewPasswordStep.SessionField))
        {
            await NewPasswordStep.PostAsync(request, form).ConfigureAwait(false);
            return;
        }

        var ui = request.Ui;
        var cancellationToken = request.Aborted;
        var username = form.GetValueOrDefault("username")?.Trim() ?? "";
        var password = form.GetValueOrDefault("password") ?? "";

        // The slow password hash runs in a read session before the write transaction, as InitiateAuth's does.
        ValidAuthorization authorization;
        PasswordCheck? check;
        User? candidate;
        await using (var read = await ui.Store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            authorization = await request.AuthorizeAsync(read).ConfigureAwait(false);
            candidate = username.Length == 0 ? null : await UserLookup.FindAsync(read, authorization.Pool, username, cancellationToken).ConfigureAwait(false);
            check = candidate is null || password.Length == 0 ? null : PasswordCheck.Of(candidate, password);
        }

        if (username.Length == 0 || password.Length == 0)
        {
            var missing = new PageError("Enter your username and password.", username.Length == 0 ? "username" : "password");
            await request.PageAsync(Render(request, authorization, username, missing), StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        if (check is null && CognitoTriggers.Has(authorization.Pool, "UserMigration"))
        {
            // As at InitiateAuth: a name the pool does not know may be in the directory the pool migrates from.
            try
            {
                var cognito = request.Context.RequestServices.GetRequiredService<CognitoApi.CognitoServices>();
                var call = new CognitoApi.CognitoCall(authorization.Pool.Id[..authorization.Pool.Id.IndexOf('_', StringComparison.Ordinal)], Guid.NewGuid().ToString(), cancellationToken);
                candidate = await CognitoApi.LifecycleTriggers.MigrateAsync(cognito, call, authorization.Pool, authorization.Client.ClientId, username, password, null)
                    .ConfigureAwait(false);
                check = candidate is null ? null : PasswordCheck.Of(candidate, password);
            }
            catch (CognitoException e)
            {
                await request.PageAsync(Render(request, authorization, username, ErrorMessages.Describe(e, Fields(username))), StatusCodes.Status400BadRequest)
                    .ConfigureAwait(false);
                return;
            }
        }

        // The sign-in triggers run with no write session open: they may call back into Gatehouse.
        var triggers = ui.Authenticator.Triggers;
        try
        {
            await triggers.PreAuthenticationAsync(authorization.Pool, authorization.Client, username, candidate, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            await request.PageAsync(Render(request, authorization, username, ErrorMessages.Describe(e, Fields(username))), StatusCodes.Status400BadRequest)
                .ConfigureAwait(false);
            return;
        }

        User user;
        var session = await ui.Store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
        try
        {
            authorization = await request.AuthorizeAsync(session).ConfigureAwait(false);
            var found = await UserLookup.FindAsync(session, authorization.Pool, username, cancellationToken).ConfigureAwait(false);
            try
            {
                user = await ui.Authenticator.VerifyPasswordAsync(session, authorization.Client, found, password, check, cancellationToken).ConfigureAwait(false);
            }
            catch (CognitoException e) when (e.Type == "UserNotConfirmedException" && found is not null)
            {
                // The password was right: once the user confirms from this browser, they are signed in.
                var pending = await ui.Pending.StartAsync(session, authorization.Pool.Id, found, cancellationToken).ConfigureAwait(false);
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                request.SetCookie(PendingSignIns.CookieName, pending, PendingSignIns.Lifetime);
                request.Redirect(request.Url("/confirmUser", ("username", username)));
                return;
            }
            catch (CognitoException e)
            {
                var error = ErrorMessages.Describe(e, Fields(username));
                await request.PageAsync(Render(request, authorization, username, error), StatusCodes.Status400BadRequest).ConfigureAwait(false);
                return;
            }

            if (user.Status == UserStatus.ForceChangePassword)
            {
                var challenge = await ui.Authenticator.NewPasswordChallengeAsync(session, authorization.Pool, authorization.Client, user, cancellationToken)
                    .ConfigureAwait(false);
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                await NewPasswordStep.RenderAsync(request, authorization, challenge.Session!, username, user, error: null).ConfigureAwait(false);
                return;
            }

            // MFA (the API's decision) comes before PostAuthentication and the sign-in.
            await HostedSignIn.ContinueAsync(request, session, authorization, user, username, postAuthentication: true).ConfigureAwait(false);
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    public static string Render(PageRequest request, ValidAuthorization authorization, string? username, PageError? error) =>
        Layout.Render("Sign in", html =>
        {
            FormView.Describe(html, "Sign in with your username and password.");
            FormView.Render(html, request, request.Url("/login"), Fields(username), "Sign in", error);
            var links = new List<(string, string)> { ("Forgot your password?", request.Url("/forgotPassword")) };
            if (authorization.Pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly != true)
            {
                links.Add(("Sign up", request.Url("/signup")));
            }

            FormView.Links(html, [.. links]);
        }, request.Branding);

    public static Field[] Fields(string? username) =>
    [
        new("username", "Username", Autocomplete: "username", Id: "signInFormUsername", Value: username),
        new("password", "Password", Type: "password", Autocomplete: "current-password", Id: "signInFormPassword"),
    ];
}
