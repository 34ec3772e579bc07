using Gatehouse.Core;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// <c>/forgotPassword</c> and <c>/confirmForgotPassword</c>: the ForgotPassword and ConfirmForgotPassword actions
/// in-process (the code limit, the recovery contact, the password policy, the outbox), then back to <c>/login</c>.
/// </summary>
internal static class ForgotPasswordPages
{
    private const string Intro = "Enter your username below and we will send a message to reset your password.";
    private const string Sent = "We have sent a password reset code to your email or phone. Enter it below to reset your password.";

    public static async Task GetAsync(PageRequest request)
    {
        await request.AuthorizeAsync().ConfigureAwait(false);
        await request.PageAsync(RenderRequest(request, request.QueryValue("username"), error: null)).ConfigureAwait(false);
    }

    public static async Task PostAsync(PageRequest request)
    {
        var form = await request.FormAsync().ConfigureAwait(false);
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);
        var username = form.GetValueOrDefault("username")?.Trim() ?? "";
        if (username.Length == 0)
        {
            await request.PageAsync(RenderRequest(request, username, new PageError("Enter your username.", "username")), StatusCodes.Status400BadRequest)
                .ConfigureAwait(false);
            return;
        }

        try
        {
            await request.Ui.CallAsync("ForgotPassword", authorization.Client, username, _ => { }, request.Aborted).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            await request.PageAsync(RenderRequest(request, username, ErrorMessages.Describe(e, RequestFields(username))), StatusCodes.Status400BadRequest)
                .ConfigureAwait(false);
            return;
        }

        request.Redirect(request.Url("/confirmForgotPassword", ("username", username)));
    }

    public static async Task GetConfirmAsync(PageRequest request)
    {
        await request.AuthorizeAsync().ConfigureAwait(false);
        await request.PageAsync(RenderConfirm(request, request.QueryValue("username"), null, error: null)).ConfigureAwait(false);
    }

    public static async Task PostConfirmAsync(PageRequest request)
    {
        var form = await request.FormAsync().ConfigureAwait(false);
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);
        var username = form.GetValueOrDefault("username")?.Trim() ?? "";
        var code = form.GetValueOrDefault("code")?.Trim() ?? "";
        var password = form.GetValueOrDefault("password") ?? "";
        var fields = ConfirmFields(username, code);
        Task RetryAsync(PageError error) => request.PageAsync(RenderConfirm(request, username, code, error), StatusCodes.Status400BadRequest);

        if (fields.FirstOrDefault(f => (f.Name == "password" ? password : form.GetValueOrDefault(f.Name)?.Trim()) is null or "") is { } empty)
        {
            await RetryAsync(new PageError($"Enter your {empty.Label.ToLowerInvariant()}.", empty.Name)).ConfigureAwait(false);
            return;
        }

        try
        {
            await request.Ui.CallAsync("ConfirmForgotPassword", authorization.Client, username, json =>
            {
                json.WriteString("ConfirmationCode", code);
                json.WriteString("Password", password);
            }, request.Aborted).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            await RetryAsync(ErrorMessages.Describe(e, fields)).ConfigureAwait(false);
            return;
        }

        request.Redirect(request.Url("/login"));
    }

    private static string RenderRequest(PageRequest request, string? username, PageError? error) =>
        Layout.Render("Forgot your password?", html =>
        {
            FormView.Describe(html, Intro);
            FormView.Render(html, request, request.Url("/forgotPassword"), RequestFields(username), "Reset my password", error);
            FormView.Links(html, ("Back to sign in", request.Url("/login")));
        }, request.Branding);

    private static string RenderConfirm(PageRequest request, string? username, string? code, PageError? error) =>
        Layout.Render("Reset your password", html =>
        {
            FormView.Describe(html, Sent);
            var fields = ConfirmFields(username, code);
            var action = request.Url("/confirmForgotPassword", ("username", string.IsNullOrEmpty(username) ? null : username));
            if (string.IsNullOrEmpty(username))
            {
                FormView.Render(html, request, action, fields, "Change password", error);
            }
            else
            {
                FormView.Render(html, request, action, fields, "Change password", error, ("username", username));
            }

            FormView.Links(html, ("Back to sign in", request.Url("/login")));
        }, request.Branding);

    private static Field[] RequestFields(string? username) =>
        [new("username", "Username", Autocomplete: "username", Id: "forgotPasswordUsername", Value: username)];

    /// <summary>The code and the new password; the username too when the page was reached without one.</summary>
    private static Field[] ConfirmFields(string? username, string? code)
    {
        Field[] fields =
        [
            new("code", "Verification code", Autocomplete: "one-time-code", Id: "forgot_password_code", Value: code, InputMode: "numeric"),
            new("password", "New password", Type: "password", Autocomplete: "new-password", Id: "new_password"),
        ];
        return string.IsNullOrEmpty(username) ? [new("username", "Username", Autocomplete: "username"), .. fields] : fields;
    }
}
