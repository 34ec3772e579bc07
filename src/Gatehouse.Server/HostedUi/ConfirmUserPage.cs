using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// <c>/confirmUser</c>: the sign-up code from the outbox, checked by the ConfirmSignUp action in-process. The browser
/// that signed up (or typed the right password) is then signed in, as Cognito's hosted UI does; any other goes on to
/// <c>/login</c>. "Resend code" (<c>/resendCode</c>) calls ResendConfirmationCode.
/// </summary>
internal static class ConfirmUserPage
{
    private const string Sent = "We have sent a code to your email or phone. Enter it below to confirm your account.";

    public static async Task GetAsync(PageRequest request)
    {
        await request.AuthorizeAsync().ConfigureAwait(false);
        await request.PageAsync(Render(request, request.QueryValue("username"), Sent, error: null)).ConfigureAwait(false);
    }

    public static async Task PostAsync(PageRequest request)
    {
        var ui = request.Ui;
        var cancellationToken = request.Aborted;
        var form = await request.FormAsync().ConfigureAwait(false);
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);
        var username = form.GetValueOrDefault("username")?.Trim() ?? "";
        var code = form.GetValueOrDefault("code")?.Trim() ?? "";
        Task RetryAsync(PageError error) => request.PageAsync(Render(request, username, Sent, error), StatusCodes.Status400BadRequest);

        if (username.Length == 0 || code.Length == 0)
        {
            await RetryAsync(username.Length == 0 ? new("Enter your username.", "username") : new("Enter the verification code.", "code")).ConfigureAwait(false);
            return;
        }

        try
        {
            await ui.CallAsync("ConfirmSignUp", authorization.Client, username, json => json.WriteString("ConfirmationCode", code), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            await RetryAsync(ErrorMessages.Describe(e, Fields(username))).ConfigureAwait(false);
            return;
        }

        await using var session = await ui.Store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
        authorization = await request.AuthorizeAsync(session).ConfigureAwait(false);
        var user = await UserLookup.FindAsync(session, authorization.Pool, username, cancellationToken).ConfigureAwait(false);
        var pending = request.Context.Request.Cookies[PendingSignIns.CookieName];
        if (user is { Enabled: true } && await ui.Pending.TakeAsync(session, authorization.Pool.Id, user, pending, cancellationToken).ConfigureAwait(false))
        {
            request.ExpireCookie(PendingSignIns.CookieName);
            await HostedSignIn.ContinueAsync(request, session, authorization, user, username, postAuthentication: false).ConfigureAwait(false);
            return;
        }

        request.Redirect(request.Url("/login"));
    }

    /// <summary><c>GET /resendCode</c>: the "Resend code" link, which carries the CSRF token since it sends a message.</summary>
    public static async Task ResendAsync(PageRequest request)
    {
        request.CheckCsrf(request.QueryValue(PageRequest.CsrfField));
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);
        var username = request.QueryValue("username")?.Trim() ?? "";
        if (username.Length == 0)
        {
            await request.PageAsync(Render(request, null, Sent, new PageError("Enter your username.", "username")), StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        try
        {
            await request.Ui.CallAsync("ResendConfirmationCode", authorization.Client, username, _ => { }, request.Aborted).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            await request.PageAsync(Render(request, username, null, ErrorMessages.Describe(e, Fields(username))), StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        await request.PageAsync(Render(request, username, "A new code has been sent. Enter it below to confirm your account.", error: null, status: true))
            .ConfigureAwait(false);
    }

    private static string Render(PageRequest request, string? username, string? description, PageError? error, bool status = false) =>
        Layout.Render("Confirm your account", html =>
        {
            FormView.Describe(html, description, status);
            var fields = Fields(username);
            if (string.IsNullOrEmpty(username))
            {
                FormView.Render(html, request, request.Url("/confirmUser"), fields, "Confirm account", error);
                return;
            }

            FormView.Render(html, request, request.Url("/confirmUser", ("username", username)), fields, "Confirm account", error, ("username", username));
            FormView.Links(html, ("Resend code", request.Url("/resendCode", ("username", username), (PageRequest.CsrfField, request.Csrf))));
        }, request.Branding);

    /// <summary>The code; the username too when the page was reached without one.</summary>
    private static Field[] Fields(string? username)
    {
        var code = new Field("code", "Verification code", Autocomplete: "one-time-code", Id: "verification_code", InputMode: "numeric");
        return string.IsNullOrEmpty(username) ? [new("username", "Username", Autocomplete: "username"), code] : [code];
    }
}
