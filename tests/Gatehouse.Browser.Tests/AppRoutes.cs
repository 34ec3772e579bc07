using Microsoft.Playwright;

namespace Gatehouse.Browser.Tests;

/// <summary>
/// Stands in for the relying party's web app at <see cref="HostedPool.AppOrigin"/>: Playwright answers every request
/// to it with a small page that shows the URL it was reached at, so no callback server is needed. The test reads the
/// code, state or fragment from <see cref="IPage.Url"/>.
/// </summary>
public static class AppRoutes
{
    private const string Page =
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>The app</title></head>
        <body><h1>The app was reached at</h1><p id="url" style="word-break: break-all; font-family: monospace"></p>
        <script>document.getElementById('url').textContent = location.href;</script></body></html>
        """;

    public static Task InterceptAsync(IBrowserContext context) =>
        context.RouteAsync(
            url => url.StartsWith(HostedPool.AppOrigin + "/", StringComparison.Ordinal),
            route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = Page }));

    /// <summary>Waits until the browser is at the app's <paramref name="url"/> (its callback or sign-out page).</summary>
    public static Task WaitForAsync(IPage page, string url) =>
        page.WaitForURLAsync(u => u.StartsWith(url, StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 15_000 });
}
