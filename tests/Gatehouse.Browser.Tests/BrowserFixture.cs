using Gatehouse.Compat.Tests;
using Microsoft.Playwright;

namespace Gatehouse.Browser.Tests;

/// <summary>
/// One real <c>gatehouse serve</c> and one headless Debian Chromium, shared by every browser test (an xunit collection
/// fixture), and the stand-in app Gatehouse sends the browser back to: the tests run one after another, which suits a
/// two-core machine, and each opens its own browser context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's package; <c>./test.sh</c> installs it. <c>GATEHOUSE_CHROMIUM</c> names another build.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("GATEHOUSE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    // As root there is no sandbox. The machine's network is closed: without the background-networking switches Chromium
    // keeps trying to reach Google's hosts at every start.
    private static readonly string[] ChromiumArgs =
    [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private GatehouseProcess? _server;
    private AppServer? _app;

    public GatehouseProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    /// <summary>The relying party's web app, where Gatehouse sends the browser back.</summary>
    public AppServer App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new FileNotFoundException($"Chromium is not at {ChromiumPath}: ./test.sh installs Debian's package (apt-get install chromium).", ChromiumPath);
        }

        // Playwright's own browsers are never used (they cannot be downloaded here); say so to its driver too.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _server = await GatehouseProcess.StartAsync();
        _app = new AppServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            ChromiumSandbox = false,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The browser tests share one server and one Chromium, and so run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
