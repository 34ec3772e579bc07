using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.AspNetCore.Http;
using QRCoder;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// The MFA steps of <c>/login</c>, each carried by the API's challenge session in a hidden field: a code sent by SMS
/// or email or read from an authenticator app, the choice between factors (SELECT_MFA_TYPE), and the set-up of an
/// authenticator app when the pool requires MFA (MFA_SETUP: the secret as text and as a QR code, then a code). Core's
/// <see cref="Authenticator.VerifyMfaAsync"/> checks the codes, with the API's limits; then the browser is signed in.
/// </summary>
internal static class MfaStep
{
    public const string SessionField = "mfaSession";
    public const string ChallengeField = "challenge";

    private const string Title = "Multi-factor authentication";
    private const string DestinationField = "destination";
    private const string SecretField = "secret";
    private const string TypeField = "mfaType";

    /// <summary>
    /// Shows the page of <paramref name="challenge"/>, a second-factor challenge just started in
    /// <paramref name="session"/>; commits the session, and announces the code it queued.
    /// </summary>
    public static async Task StartAsync(PageRequest request, IStoreSession session, ValidAuthorization authorization, User user, AuthOutcome challenge)
    {
        var ui = request.Ui;
        var cancellationToken = request.Aborted;
        var token = challenge.Session!;
        if (challenge.ChallengeName == "MFA_SETUP")
        {
            if (!MfaFactors.OfPool(authorization.Pool).Contains(UserMfa.SoftwareToken))
            {
                // MFA is required, but the only factors offered need a phone number or email address the user lacks.
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                await HostedSignIn.FailAsync(request, authorization, null, new PageError(
                    "Multi-factor authentication is required for your account, but it cannot be set up here. Contact your administrator."))
                    .ConfigureAwait(false);
                return;
            }

            var secret = ui.Authenticator.SoftwareTokens.Associate(user);
            user.LastModified = ui.Time.GetUtcNow();
            await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            await request.PageAsync(RenderSetup(request, authorization.Pool, user.Username, token, secret, error: null)).ConfigureAwait(false);
            return;
        }

        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (challenge.Unsent is not null)
        {
            // The pool's CustomMessage function writes the code's message; functions run with no write session open.
            await session.DisposeAsync().ConfigureAwait(false);
            try
            {
                challenge = await ui.Authenticator.DeliverAsync(challenge, ui.Store, null, cancellationToken).ConfigureAwait(false);
            }
            catch (CognitoException e)
            {
                await HostedSignIn.FailAsync(request, authorization, user.Username, ErrorMessages.Describe(e, LoginPage.Fields(user.Username))).ConfigureAwait(false);
                return;
            }
        }

        await ui.AnnounceAsync(challenge.Sent).ConfigureAwait(false);
        var html = challenge.ChallengeName == "SELECT_MFA_TYPE"
            ? RenderSelect(request, token, MfaFactors.OfUser(authorization.Pool, user))
            : RenderCode(request, token, challenge.ChallengeName!, challenge.ChallengeParameters?.GetValueOrDefault("CODE_DELIVERY_DESTINATION"), error: null);
        await request.PageAsync(html).ConfigureAwait(false);
    }

    public static async Task PostAsync(PageRequest request, Dictionary<string, string> form)
    {
        var ui = request.Ui;
        var cancellationToken = request.Aborted;
        var token = form.GetValueOrDefault(SessionField) ?? "";
        var challenge = form.GetValueOrDefault(ChallengeField) ?? "";
        var code = form.GetValueOrDefault("code")?.Trim() ?? "";
        var authorization = await request.AuthorizeAsync().ConfigureAwait(false);

        string Again(PageError error) => challenge == "MFA_SETUP"
            ? RenderSetup(request, authorization.Pool, form.GetValueOrDefault("username") ?? "", token, form.GetValueOrDefault(SecretField) ?? "", error)
            : RenderCode(request, token, challenge, form.GetValueOrDefault(DestinationField), error);

        if (challenge is not ("SELECT_MFA_TYPE" or "MFA_SETUP") && Member(challenge) is null)
        {
            await HostedSignIn.FailAsync(request, authorization, null, new PageError("Your session has expired. Please sign in again.")).ConfigureAwait(false);
            return;
        }

        if (challenge != "SELECT_MFA_TYPE" && code.Length == 0)
        {
            await request.PageAsync(Again(new PageError("Enter the code.", "code")), StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        var session = await ui.Store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
        try
        {
            authorization = await request.AuthorizeAsync(session).ConfigureAwait(false);
            var (pool, client) = (authorization.Pool, authorization.Client);
            User user;
            try
            {
                if (challenge == "MFA_SETUP")
                {
                    user = await ui.Authenticator.SetUpSoftwareTokenAsync(session, pool, client, token, code, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var responses = challenge == "SELECT_MFA_TYPE"
                        ? new Dictionary<string, string> { ["ANSWER"] = form.GetValueOrDefault(TypeField) ?? "" }
                        : new Dictionary<string, string> { [Member(challenge)!] = code };
                    var answer = await ui.Authenticator.VerifyMfaAsync(session, pool, client, challenge, token, null, responses, cancellationToken)
                        .ConfigureAwait(false);
                    if (answer.Next is { } next)
                    {
                        await StartAsync(request, session, authorization, answer.User, next).ConfigureAwait(false);
                        return;
                    }

                    user = answer.User;
                }
            }
            catch (CognitoException e) when (e.Type is "CodeMismatchException" or "EnableSoftwareTokenMFAException")
            {
                // The wrong code is already committed and counted; the same session takes the next try.
                await request.PageAsync(Again(ErrorMessages.Describe(e, [CodeField(challenge)])), StatusCodes.Status400BadRequest).ConfigureAwait(false);
                return;
            }
            catch (CognitoException e)
            {
                // An expired or spent session, a lockout, a disabled user: start again from the sign-in form.
                await HostedSignIn.FailAsync(request, authorization, null, ErrorMessages.Describe(e, LoginPage.Fields(null))).ConfigureAwait(false);
                return;
            }

            await HostedSignIn.CompleteAsync(request, session, authorization, user, user.Username, postAuthentication: true).ConfigureAwait(false);
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The code page of SMS_MFA, EMAIL_OTP or SOFTWARE_TOKEN_MFA.</summary>
    private static string RenderCode(PageRequest request, string token, string challenge, string? destination, PageError? error) =>
        Layout.Render(Title, html =>
        {
            FormView.Describe(html, challenge == UserMfa.SoftwareToken
                ? "Enter the code from your authenticator app."
                : $"We sent a code to {destination}. Enter it below to sign in.");
            FormView.Render(
                html, request, request.Url("/login"), [CodeField(challenge)], "Sign in", error,
                (SessionField, token), (ChallengeField, challenge), (DestinationField, destination));
        }, request.Branding);

    /// <summary>SELECT_MFA_TYPE: one button per factor the user can use, each posting the same session.</summary>
    private static string RenderSelect(PageRequest request, string token, IReadOnlyList<string> factors) =>
        Layout.Render(Title, html =>
        {
            FormView.Describe(html, "Choose how to receive your sign-in code.");
            foreach (var factor in factors)
            {
                var label = factor switch
                {
                    UserMfa.Sms => "Text message (SMS)",
                    UserMfa.Email => "Email",
                    _ => "Authenticator app",
                };
                FormView.Render(
                    html, request, request.Url("/login"), [], label, null,
                    (SessionField, token), (ChallengeField, "SELECT_MFA_TYPE"), (TypeField, factor));
            }
        }, request.Branding);

    /// <summary>MFA_SETUP: the secret as text and as a QR code of its otpauth URI, then the first code from the app.</summary>
    private static string RenderSetup(PageRequest request, UserPool pool, string username, string token, string secret, PageError? error) =>
        Layout.Render("Set up multi-factor authentication", html =>
        {
            FormView.Describe(html, "Your account requires an authenticator app. Scan this QR code with the app, or enter the secret key below.");
            html.Void("img", ("class", "totp-qr"), ("src", QrDataUri(OtpAuthUri(pool, username, secret))), ("alt", "QR code of the secret key"),
                ("width", "200"), ("height", "200"));
            html.Open("p", ("class", "textDescription-customizable")).Text("Secret key: ").Element("code", secret, ("id", "totp-secret")).Close("p");
            FormView.Describe(html, "Then enter the code the app shows.");
            FormView.Render(
                html, request, request.Url("/login"), [CodeField("MFA_SETUP")], "Verify", error,
                (SessionField, token), (ChallengeField, "MFA_SETUP"), (SecretField, secret), ("username", username));
        }, request.Branding);

    /// <summary>The key URI authenticator apps read: <c>otpauth://totp/{issuer}:{username}?secret=&amp;issuer=</c>.</summary>
    public static string OtpAuthUri(UserPool pool, string username, string secret)
    {
        var issuer = Uri.EscapeDataString(string.IsNullOrEmpty(pool.Name) ? "Gatehouse" : pool.Name);
        return $"otpauth://totp/{issuer}:{Uri.EscapeDataString(username)}?secret={Uri.EscapeDataString(secret)}&issuer={issuer}";
    }

    private static string QrDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return "data:image/png;base64," + Convert.ToBase64String(png.GetGraphic(5));
    }

    private static Field CodeField(string challenge) => new(
        "code", challenge is "SOFTWARE_TOKEN_MFA" or "MFA_SETUP" ? "Authenticator code" : "Code",
        Autocomplete: "one-time-code", InputMode: "numeric", Id: "mfaCode");

    private static string? Member(string challenge) => challenge switch
    {
        "SMS_MFA" => "SMS_MFA_CODE",
        "EMAIL_OTP" => "EMAIL_OTP_CODE",
        "SOFTWARE_TOKEN_MFA" => "SOFTWARE_TOKEN_MFA_CODE",
        _ => null,
    };
}
