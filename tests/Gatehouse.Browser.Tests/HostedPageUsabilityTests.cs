using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gatehouse.Browser.Tests;

/// <summary>The hosted pages without a mouse, and on a phone-sized screen.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class HostedPageUsabilityTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Password = "Passw0rd!";

    [Fact]
    public async Task The_login_page_works_with_the_keyboard_alone()
    {
        var pool = await HostedPool.CreateAsync(fixture, "keyboard");
        await pool.CreateUserAsync("dave", "dave@example.com", Password);
        await using var run = await BrowserRun.OpenAsync(fixture, output, "keyboard-login");
        var (page, shots) = (run.Page, run.Shots);

        var state = Guid.NewGuid().ToString("N");
        await page.GotoAsync(pool.AuthorizePath("token", state, "n"));
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        // Tab from the top of the page reaches the username field (after at most a few links, such as a logo's),
        // then the password field comes next, and Enter submits the form. Focus starts at the top of the document
        // whatever the page focuses when it loads.
        var username = page.GetByLabel("Username", new() { Exact = true });
        var password = page.GetByLabel("Password", new() { Exact = true });
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        var presses = 0;
        while (!await IsFocusedAsync(username))
        {
            Assert.True(++presses <= 8, "Tab did not reach the Username field within 8 presses");
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.TypeAsync("dave");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await IsFocusedAsync(password), "Tab from Username goes to Password");
        await page.Keyboard.TypeAsync(Password);
        await shots.TakeAsync(page, "login-focused");
        await page.Keyboard.PressAsync("Enter");

        await run.WaitForAppAsync(pool.CallbackUrl);
        await shots.TakeAsync(page, "callback");
        Assert.Equal(state, OAuth.Parameters(new Uri(page.Url).Fragment)["state"]);
        run.Passed();
    }

    [Fact]
    public async Task The_login_and_sign_up_pages_fit_a_phone_screen()
    {
        var pool = await HostedPool.CreateAsync(fixture, "phone");
        await using var run = await BrowserRun.OpenAsync(fixture, output, "phone", new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 375, Height = 667 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
        });
        var (page, shots) = (run.Page, run.Shots);

        await page.GotoAsync(pool.AuthorizePath("token", "s", "n"));
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await AssertFitsAsync(page);
        await shots.TakeAsync(page, "login");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/signup");
        await AssertFitsAsync(page);
        await shots.TakeAsync(page, "signup");
        run.Passed();
    }

    private static Task<bool> IsFocusedAsync(ILocator locator) => locator.EvaluateAsync<bool>("e => e === document.activeElement");

    // Nothing scrolls sideways, and the form's fields and buttons lie within the screen's width.
    private static async Task AssertFitsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} scrolls sideways on a phone: {widths[0]}px of content in {widths[1]}px");
        foreach (var control in await page.Locator("input:not([type=hidden]), button").AllAsync())
        {
            var box = await control.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= widths[1], $"a control of {page.Url} is outside the screen: {box.X}+{box.Width}");
        }
    }
}
