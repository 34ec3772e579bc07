using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Users;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// The FORCE_CHANGE_PASSWORD step of <c>/login</c>: after a temporary password, a "Change password" form posts the new
/// password (and any required attribute the user lacks) with the challenge session, answered by Core's
/// <see cref="Authenticator.SetNewPasswordAsync"/> under the pool's password policy; then MFA when it applies, and the
/// browser is signed in.
/// </summary>
internal static class NewPasswordStep
{
    public const string SessionField = "session";

    public static async Task PostAsync(PageRequest request, Dictionary<string, string> form)
    {
        var ui = request.Ui;
        var cancellationToken = request.Aborted;
        var token = form.GetValueOrDefault(SessionField) ?? "";
        var username = form.GetValueOrDefault("username") ?? "";
        var newPassword = form.GetValueOrDefault("newPassword") ?? "";
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);

        User? shown;
        await using (var read = await ui.Store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            shown = username.Length == 0 ? null : await UserLookup.FindAsync(read, authorization.Pool, username, cancellationToken).ConfigureAwait(false);
        }

        Task RetryAsync(PageError error) => RenderAsync(request, authorization, token, username, shown, error, form, StatusCodes.Status400BadRequest);

        if (newPassword.Length == 0)
        {
            await RetryAsync(new PageError("Enter a new password.", "newPassword")).ConfigureAwait(false);
            return;
        }

        var fields = Fields(authorization.Pool, shown, form);
        string hash;
        try
        {
            AdminUserRequest.ValidatePassword(newPassword, "newPassword");
            hash = ui.Hasher.Hash(newPassword);
        }
        catch (CognitoException e)
        {
            await RetryAsync(ErrorMessages.Describe(e, fields)).ConfigureAwait(false);
            return;
        }

        var responses = new Dictionary<string, string>(StringComparer.Ordinal) { ["NEW_PASSWORD"] = newPassword };
        foreach (var field in fields.Skip(1))
        {
            if (form.GetValueOrDefault(field.Name) is { Length: > 0 } value)
            {
                responses["userAttributes." + field.Name] = value;
            }
        }

        await using var session = await ui.Store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
        authorization = await request.AuthorizeAsync(session).ConfigureAwait(false);
        User user;
        try
        {
            user = await ui.Authenticator.SetNewPasswordAsync(session, authorization.Pool, authorization.Client, token, responses, hash, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.Type == "NotAuthorizedException")
        {
            // The challenge session is gone (expired or used): start again from the sign-in form.
            var again = ErrorMessages.Describe(e, []);
            await request.PageAsync(LoginPage.Render(request, authorization, username, again), StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }
        catch (CognitoException e)
        {
            await RetryAsync(ErrorMessages.Describe(e, fields)).ConfigureAwait(false);
            return;
        }

        await HostedSignIn.ContinueAsync(request, session, authorization, user, username, postAuthentication: true).ConfigureAwait(false);
    }

    public static Task RenderAsync(
        PageRequest request, ValidAuthorization authorization, string token, string username, User? user, PageError? error,
        IReadOnlyDictionary<string, string>? typed = null, int status = StatusCodes.Status200OK)
    {
        var html = Layout.Render("Change password", page =>
        {
            FormView.Describe(page, "Please enter a new password.");
            FormView.Render(
                page, request, request.Url("/login"), Fields(authorization.Pool, user, typed), "Send", error,
                (SessionField, token), ("username", username));
        }, request.Branding);
        return request.PageAsync(html, status);
    }

    /// <summary>The new password, then each required attribute the user does not have yet, labelled by its name.</summary>
    private static Field[] Fields(UserPool pool, User? user, IReadOnlyDictionary<string, string>? typed) =>
    [
        new("newPassword", "New password", Type: "password", Autocomplete: "new-password"),
        .. (pool.SchemaAttributes ?? [])
            .Where(s => s.Required == true && s.Name is { } name && name != "sub" && user?.Attributes.ContainsKey(name) == false)
            .Select(s => SignUpPage.AttributeField(s.Name!, typed?.GetValueOrDefault(s.Name!))),
    ];
}
