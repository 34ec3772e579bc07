using System.Security.Cryptography;
using System.Text;
using Gatehouse.Core;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.Oidc;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>
/// One request to a hosted page: the authorize parameters it carries from page to page, the CSRF double-submit
/// token, cookies, and the HTML or redirect it answers with.
/// </summary>
internal sealed class PageRequest
{
    /// <summary>The double-submit cookie; its value must come back in every form's <see cref="CsrfField"/>.</summary>
    public const string CsrfCookie = "XSRF-TOKEN";

    public const string CsrfField = "_csrf";

    private const string Policy = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src * data:; frame-ancestors 'none'; base-uri 'none'";

    private string? _csrf;
    private bool _branded;

    public PageRequest(HttpContext context, HostedUiServices ui)
    {
        Context = context;
        Ui = ui;
        Parameters = AuthorizeEndpoint.Parse(context.Request.Query);
    }

    public HttpContext Context { get; }

    public HostedUiServices Ui { get; }

    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>The authorize request this page is part of, as sent (validated by <see cref="AuthorizeAsync()"/>).</summary>
    public AuthorizeParameters Parameters { get; }

    /// <summary>The look of the pool or client (UICustomization), known once the authorization is.</summary>
    public Branding Branding { get; private set; } = Branding.None;

    /// <summary>The CSRF token for this browser: the cookie's, or a new one set now.</summary>
    public string Csrf => _csrf ??= EnsureCsrf();

    /// <summary>
    /// Checks the authorize parameters against the client, in Cognito's order (throws <see cref="AuthorizeError"/>),
    /// and reads the client's branding for the page.
    /// </summary>
    public async Task<ValidAuthorization> AuthorizeAsync(IStoreSession session)
    {
        var authorization = await Authorizations.ValidateAsync(session, Parameters, TokenEndpoint.DomainOf(Context.Request.Host.Host), Aborted)
            .ConfigureAwait(false);
        if (!_branded)
        {
            var branding = await UiCustomizations.GetEffectiveAsync(session, authorization.Pool.Id, authorization.Client.ClientId, Aborted).ConfigureAwait(false);
            Branding = new Branding(branding.Css, branding.LogoPath);
            _branded = true;
        }

        return authorization;
    }

    /// <summary>Like <see cref="AuthorizeAsync(IStoreSession)"/>, in a read session of its own.</summary>
    public async Task<ValidAuthorization> AuthorizeAsync()
    {
        await using var session = await Ui.Store.OpenAsync(write: false, Aborted).ConfigureAwait(false);
        return await AuthorizeAsync(session).ConfigureAwait(false);
    }

    /// <summary>A hosted page's URL carrying the authorize parameters, plus any of its own.</summary>
    public string Url(string path, params (string Name, string? Value)[] extra) =>
        path + "?" + Query.Join([.. AuthorizeQuery(Parameters), .. extra]);

    /// <summary>A single query parameter; one sent twice makes the request malformed.</summary>
    public string? QueryValue(string name)
    {
        var values = Context.Request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => string.IsNullOrEmpty(values[0]) ? null : values[0],
            _ => throw new PageRefused(StatusCodes.Status400BadRequest, "The request is malformed."),
        };
    }

    /// <summary>Reads the posted form and checks its CSRF field against the cookie, in constant time.</summary>
    public async Task<Dictionary<string, string>> FormAsync()
    {
        var form = await FormBody.ReadAsync(Context.Request, Aborted).ConfigureAwait(false);
        CheckCsrf(form.GetValueOrDefault(CsrfField));
        return form;
    }

    /// <summary>The CSRF check for the one state-changing link (resend code), which carries the token in its query.</summary>
    public void CheckCsrf(string? submitted)
    {
        var cookie = Context.Request.Cookies[CsrfCookie];
        if (!IsToken(cookie) || submitted is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie!), Encoding.UTF8.GetBytes(submitted)))
        {
            throw new PageRefused(StatusCodes.Status403Forbidden, "The form has expired or did not come from this site. Go back, reload the page and try again.");
        }

        _csrf = cookie;
    }

    public Task PageAsync(string html, int status = StatusCodes.Status200OK)
    {
        var response = Context.Response;
        response.StatusCode = status;
        WriteHeaders(response);
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, Aborted).AsTask();
    }

    public void Redirect(string location)
    {
        Context.Response.Headers.CacheControl = "no-store";
        Context.Response.Redirect(location);
    }

    /// <summary>HttpOnly, SameSite=Lax, Secure over https, path /; <paramref name="maxAge"/> null for a browser-session cookie.</summary>
    public void SetCookie(string name, string value, TimeSpan? maxAge) =>
        Context.Response.Cookies.Append(name, value, CookieOptions(maxAge));

    public void ExpireCookie(string name) => Context.Response.Cookies.Delete(name, CookieOptions(null));

    public static void WriteHeaders(HttpResponse response)
    {
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = Policy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>The authorize parameters in the order Cognito's pages carry them.</summary>
    public static (string, string?)[] AuthorizeQuery(AuthorizeParameters p) =>
    [
        ("client_id", p.ClientId), ("response_type", p.ResponseType), ("scope", p.Scope), ("redirect_uri", p.RedirectUri),
        ("state", p.State), ("nonce", p.Nonce), ("code_challenge", p.CodeChallenge), ("code_challenge_method", p.CodeChallengeMethod),
    ];

    private CookieOptions CookieOptions(TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = Context.Request.IsHttps,
        Path = "/",
        MaxAge = maxAge,
    };

    private string EnsureCsrf()
    {
        var cookie = Context.Request.Cookies[CsrfCookie];
        if (IsToken(cookie))
        {
            return cookie!;
        }

        var token = IdGenerator.Base64Url(RandomNumberGenerator.GetBytes(32));
        SetCookie(CsrfCookie, token, maxAge: null);
        return token;
    }

    private static bool IsToken(string? value) =>
        value is { Length: 43 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
