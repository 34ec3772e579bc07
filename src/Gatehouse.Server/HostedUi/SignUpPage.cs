using System.Text.Json;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.UserPools;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// <c>/signup</c>: the fields the pool asks for, sent to the SignUp action in-process, so the password policy, the
/// schema, uniqueness and the confirmation code in the outbox are exactly the API's. Then <c>/confirmUser</c>, with
/// this browser remembered so that confirming signs it in.
/// </summary>
internal static class SignUpPage
{
    private const string NotPermitted = "SignUp is not permitted for this user pool";

    public static async Task GetAsync(PageRequest request)
    {
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);
        var error = SelfSignUp(authorization.Pool) ? null : new PageError(NotPermitted);
        await request.PageAsync(Render(request, authorization, typed: null, error)).ConfigureAwait(false);
    }

    public static async Task PostAsync(PageRequest request)
    {
        var ui = request.Ui;
        var cancellationToken = request.Aborted;
        var form = await request.FormAsync().ConfigureAwait(false);
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);
        var fields = Fields(authorization.Pool, form);
        Task RetryAsync(PageError error) => request.PageAsync(Render(request, authorization, form, error), StatusCodes.Status400BadRequest);

        if (fields.FirstOrDefault(f => f.Required && string.IsNullOrWhiteSpace(form.GetValueOrDefault(f.Name))) is { } empty)
        {
            await RetryAsync(new PageError($"Enter your {empty.Label.ToLowerInvariant()}.", empty.Name)).ConfigureAwait(false);
            return;
        }

        var username = form["username"].Trim();
        var attributes = fields
            .Where(f => f.Name is not ("username" or "password") && !string.IsNullOrWhiteSpace(form.GetValueOrDefault(f.Name)))
            .Select(f => (f.Name, Value: form[f.Name].Trim()))
            .ToList();
        JsonElement response;
        try
        {
            response = await ui.CallAsync("SignUp", authorization.Client, username, json =>
            {
                json.WriteString("Password", form["password"]);
                json.WriteStartArray("UserAttributes");
                foreach (var (name, value) in attributes)
                {
                    json.WriteStartObject();
                    json.WriteString("Name", name);
                    json.WriteString("Value", value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            await RetryAsync(ErrorMessages.Describe(e, fields)).ConfigureAwait(false);
            return;
        }

        await using var session = await ui.Store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
        authorization = await request.AuthorizeAsync(session).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, authorization.Pool, username, cancellationToken).ConfigureAwait(false);
        if (response.TryGetProperty("UserConfirmed", out var confirmed) && confirmed.ValueKind == JsonValueKind.True && user.Status == UserStatus.Confirmed)
        {
            await HostedSignIn.ContinueAsync(request, session, authorization, user, username, postAuthentication: false).ConfigureAwait(false);
            return;
        }

        var pending = await ui.Pending.StartAsync(session, authorization.Pool.Id, user, cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        request.SetCookie(PendingSignIns.CookieName, pending, PendingSignIns.Lifetime);
        request.Redirect(request.Url("/confirmUser", ("username", username)));
    }

    /// <summary>An input for a user attribute, labelled by the attribute's name, with the browser's autofill hint.</summary>
    public static Field AttributeField(string name, string? value) => new(
        name,
        name,
        Type: name switch { "email" => "email", "phone_number" => "tel", "birthdate" => "date", "website" or "profile" or "picture" => "url", _ => "text" },
        Autocomplete: name switch
        {
            "email" => "email",
            "phone_number" => "tel",
            "name" => "name",
            "given_name" => "given-name",
            "family_name" => "family-name",
            "middle_name" => "additional-name",
            "nickname" => "nickname",
            "birthdate" => "bday",
            "gender" => "sex",
            "address" => "street-address",
            "locale" => "language",
            "website" or "profile" => "url",
            "picture" => "photo",
            _ => null,
        },
        Value: value);

    private static string Render(PageRequest request, ValidAuthorization authorization, IReadOnlyDictionary<string, string>? typed, PageError? error) =>
        Layout.Render("Sign up", html =>
        {
            if (SelfSignUp(authorization.Pool))
            {
                FormView.Render(html, request, request.Url("/signup"), Fields(authorization.Pool, typed), "Sign up", error);
            }
            else
            {
                FormView.Error(html, error);
            }

            FormView.Links(html, ("Already have an account? Sign in", request.Url("/login")));
        }, request.Branding);

    private static bool SelfSignUp(UserPool pool) => pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly != true;

    /// <summary>
    /// The username (labelled "Email" or "Phone number" when the pool signs in with those), the email when the pool
    /// needs one, the password, then every other required attribute.
    /// </summary>
    private static List<Field> Fields(UserPool pool, IReadOnlyDictionary<string, string>? typed)
    {
        string? Typed(string name) => typed?.GetValueOrDefault(name);
        var signInWith = pool.UsernameAttributes ?? [];
        var schema = pool.SchemaAttributes ?? [];
        bool Required(string name) => schema.Any(s => s.Name == name && s.Required == true);

        var fields = new List<Field>
        {
            signInWith.Contains("email")
                ? new("username", "Email", Type: signInWith.Contains("phone_number") ? "text" : "email", Autocomplete: "username", Id: "signUpFormUsername", Value: Typed("username"))
                : signInWith.Contains("phone_number")
                    ? new("username", "Phone number", Type: "tel", Autocomplete: "username", Id: "signUpFormUsername", Value: Typed("username"))
                    : new("username", "Username", Autocomplete: "username", Id: "signUpFormUsername", Value: Typed("username")),
        };
        var emailAsked = !signInWith.Contains("email")
            && (Required("email") || pool.AliasAttributes?.Contains("email") == true || pool.AutoVerifiedAttributes?.Contains("email") == true);
        if (emailAsked)
        {
            fields.Add(new Field("email", "Email", Type: "email", Autocomplete: "email", Id: "signUpFormEmail", Value: Typed("email"), Required: Required("email") || pool.AutoVerifiedAttributes?.Contains("email") == true));
        }

        fields.Add(new Field("password", "Password", Type: "password", Autocomplete: "new-password", Id: "signUpFormPassword"));
        foreach (var attribute in schema.Where(s => s.Required == true && s.Name is not (null or "sub" or "email") && !signInWith.Contains(s.Name)))
        {
            fields.Add(AttributeField(attribute.Name!, Typed(attribute.Name!)));
        }

        return fields;
    }
}
