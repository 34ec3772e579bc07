namespace Gatehouse.Server.HostedUi;

/// <summary>
/// A pool's or client's own look, from UICustomization: CSS written after Gatehouse's stylesheet (so it wins), and a
/// logo (a path on this server, or an http(s) URL) shown above the page's heading. Both optional.
/// </summary>
internal sealed record Branding(string? Css, string? LogoUrl)
{
    public static readonly Branding None = new(null, null);
}

/// <summary>
/// The one layout every hosted page shares. Class names follow Cognito's classic hosted UI
/// (<c>banner-customizable</c>, <c>submitButton-customizable</c> ...), so that a pool's UICustomization CSS applies
/// to these pages as it does to Cognito's.
/// </summary>
internal static class Layout
{
    public static string Render(string title, Action<Html> main, Branding? branding = null)
    {
        branding ??= Branding.None;
        var html = new Html();
        html.Doctype()
            .Open("html", ("lang", "en"))
            .Open("head")
            .Void("meta", ("charset", "utf-8"))
            .Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
            .Element("title", title)
            .Void("link", ("rel", "stylesheet"), ("href", Stylesheet.Path));
        if (!string.IsNullOrEmpty(branding.Css))
        {
            // The single place where a pool's UICustomization CSS goes.
            html.Style(branding.Css);
        }

        html.Close("head")
            .Open("body", ("class", "background-customizable"))
            .Open("main", ("class", "panel"));
        html.Open("header", ("class", "banner-customizable"));
        if (LogoUrl(branding.LogoUrl) is { } logo)
        {
            html.Void("img", ("class", "logo-customizable"), ("src", logo), ("alt", ""));
        }

        html.Element("h1", title).Close("header");
        main(html);
        html.Close("main").Close("body").Close("html");
        return html.ToString();
    }

    // Only this server's paths and http(s) URLs: a javascript: or data: URL has no business in an img of a sign-in page.
    private static string? LogoUrl(string? url) =>
        url is ['/', not '/' and not '\\', ..] ? url
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri
        : null;
}
