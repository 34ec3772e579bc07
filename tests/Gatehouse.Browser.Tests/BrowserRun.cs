using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gatehouse.Browser.Tests;

/// <summary>
/// One test's browser: a fresh context (its own cookies) whose relative URLs go to the server, a page, and the test's
/// screenshots. A test that did not reach <see cref="Passed"/> leaves a <c>failure</c> screenshot and the end of the
/// server's output in the test output, so a failure on CI can be read without running it again.
/// </summary>
public sealed class BrowserRun : IAsyncDisposable
{
    /// <summary>Generous for a busy two-core machine; a step that hangs still fails well within the run.</summary>
    private const float StepTimeout = 30_000;

    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;
    private bool _passed;

    private BrowserRun(BrowserFixture fixture, ITestOutputHelper output, IBrowserContext context, IPage page, Screenshots shots)
    {
        _fixture = fixture;
        _output = output;
        Context = context;
        Page = page;
        Shots = shots;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Screenshots Shots { get; }

    /// <summary>Opens a context with <paramref name="options"/> (a phone's viewport, say); <c>BaseURL</c> is the server's.</summary>
    public static async Task<BrowserRun> OpenAsync(BrowserFixture fixture, ITestOutputHelper output, string test, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = fixture.Server.Endpoint;
        var context = await fixture.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(StepTimeout);
        return new BrowserRun(fixture, output, context, await context.NewPageAsync(), new Screenshots(test));
    }

    /// <summary>Waits until the browser is at <paramref name="url"/>, the app's callback or sign-out page.</summary>
    public Task WaitForAppAsync(string url) =>
        Page.WaitForURLAsync(u => u.StartsWith(url, StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = StepTimeout });

    /// <summary>Every step passed: no failure screenshot.</summary>
    public void Passed() => _passed = true;

    public async ValueTask DisposeAsync()
    {
        if (!_passed)
        {
            try
            {
                _output.WriteLine($"The test stopped at {Page.Url}; screenshot {await Shots.TakeAsync(Page, "failure")}");
            }
            catch (PlaywrightException e)
            {
                _output.WriteLine($"No failure screenshot: {e.Message}");
            }

            var log = _fixture.Server.Log.Split('\n');
            _output.WriteLine($"The server's last lines:\n{string.Join('\n', log.TakeLast(80))}");
        }

        await Context.DisposeAsync();
    }
}
