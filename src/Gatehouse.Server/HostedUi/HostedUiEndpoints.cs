using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Gatehouse.Server.CognitoApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// The hosted pages of a pool's domain: <c>/login</c>, <c>/signup</c>, <c>/confirmUser</c>, <c>/forgotPassword</c>,
/// <c>/confirmForgotPassword</c>, <c>/logout</c> and <c>/error</c>, plus their stylesheet.
/// </summary>
internal static partial class HostedUiEndpoints
{
    public static void Map(WebApplication app)
    {
        // Built on first use, not here: the Cognito endpoint needs IssuerUrls, which must see the port Kestrel bound.
        var ui = new Lazy<HostedUiServices>(() =>
        {
            var services = app.Services;
            return new HostedUiServices(
                services.GetRequiredService<IGatehouseStore>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<IdGenerator>(),
                services.GetRequiredService<PasswordHasher>(),
                services.GetRequiredService<Authenticator>(),
                services.GetRequiredService<Authorizations>(),
                services.GetRequiredService<LoginSessions>(),
                services.GetRequiredService<CognitoEndpoint>(),
                services.GetRequiredService<Core.Messaging.Outbox>(),
                services.GetRequiredService<ILogger<HostedUiServices>>());
        });

        void Page(string path, Func<PageRequest, Task> get, Func<PageRequest, Task>? post = null)
        {
            app.MapGet(path, (HttpContext context) => RunAsync(context, ui.Value, get));
            if (post is not null)
            {
                app.MapPost(path, (HttpContext context) => RunAsync(context, ui.Value, post));
            }
        }

        Page("/login", LoginPage.GetAsync, LoginPage.PostAsync);
        Page("/signup", SignUpPage.GetAsync, SignUpPage.PostAsync);
        Page("/confirmUser", ConfirmUserPage.GetAsync, ConfirmUserPage.PostAsync);
        Page("/resendCode", ConfirmUserPage.ResendAsync);
        Page("/forgotPassword", ForgotPasswordPages.GetAsync, ForgotPasswordPages.PostAsync);
        Page("/confirmForgotPassword", ForgotPasswordPages.GetConfirmAsync, ForgotPasswordPages.PostConfirmAsync);
        Page("/logout", LogoutEndpoint.GetAsync);
        Page("/error", ErrorPage.GetAsync);
        app.MapGet(Stylesheet.Path, Stylesheet.WriteAsync);
    }

    /// <summary>
    /// Runs a page: a refused authorize request goes where <see cref="AuthorizeError.Location"/> says; a malformed
    /// form or a failed CSRF check is a 400 or 403 page; nothing unexpected escapes as a bare 500.
    /// </summary>
    private static async Task RunAsync(HttpContext context, HostedUiServices ui, Func<PageRequest, Task> page)
    {
        try
        {
            await page(new PageRequest(context, ui)).ConfigureAwait(false);
        }
        catch (AuthorizeError error)
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect(error.Location);
        }
        catch (PageRefused refused)
        {
            await ErrorPage.WriteAsync(context, refused.Status, "Request refused", refused.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away; whatever was not committed rolled back.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnhandled(ui.Logger, e, context.Request.Path);
            await ErrorPage.WriteAsync(context, StatusCodes.Status500InternalServerError, "Something went wrong", "An error was encountered with the requested page.")
                .ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Error, Message = "Unhandled error on hosted page {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string path);
}
