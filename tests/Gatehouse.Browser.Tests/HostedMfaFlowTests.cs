using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gatehouse.Browser.Tests;

/// <summary>
/// MFA on the hosted pages in a real browser: a pool that requires an authenticator app has the user set it up on the
/// login page (the secret read from the page, the code computed here), and asks for a code at the next sign-in.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class HostedMfaFlowTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Password = "Passw0rd!";

    [Fact]
    public async Task Required_TOTP_is_set_up_on_the_login_page_then_asked_at_the_next_sign_in()
    {
        var pool = await HostedPool.CreateAsync(fixture, "totp");
        await HostedPool.CallAsync(fixture.Server, "SetUserPoolMfaConfig", new JsonObject
        {
            ["UserPoolId"] = pool.PoolId,
            ["MfaConfiguration"] = "ON",
            ["SoftwareTokenMfaConfiguration"] = new JsonObject { ["Enabled"] = true },
        });
        await pool.CreateUserAsync("tess", "tess@example.com", Password);
        await using var run = await BrowserRun.OpenAsync(fixture, output, "totp-set-up");
        var (context, page, shots) = (run.Context, run.Page, run.Shots);

        await page.GotoAsync(pool.AuthorizePath("code", "s1", null, Pkce.Create()));
        await HostedFlowTests.SignInAsync(page, "tess", Password);

        // The set-up page: the QR code is an image with a text alternative, and the secret is there as text too.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up multi-factor authentication" })).ToBeVisibleAsync();
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR code of the secret key" });
        await Assertions.Expect(qr).ToBeVisibleAsync();
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the QR code image decodes");
        await shots.TakeAsync(page, "totp-set-up");
        var secret = (await page.Locator("#totp-secret").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Z2-7]+$", secret);
        Assert.DoesNotContain(await context.CookiesAsync([fixture.Server.Endpoint]), c => c.Name == "cognito");

        // Steps are counted from the real clock: set up with this step's code, sign in later with the next step's,
        // which the server takes as one step of skew until its time comes, and never takes twice.
        var step = ReferenceTotp.StepOf(DateTimeOffset.UtcNow);
        await page.GetByLabel("Authenticator code").FillAsync(ReferenceTotp.Code(secret, step));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await run.WaitForAppAsync(pool.CallbackUrl);
        Assert.Equal("s1", OAuth.Parameters(new Uri(page.Url).Query)["state"]);
        var user = await pool.GetUserAsync("tess");
        Assert.Equal("SOFTWARE_TOKEN_MFA", user["PreferredMfaSetting"]!.GetValue<string>());

        // Signed out, the next sign-in asks for the app's code after the password.
        await page.GotoAsync("/logout?" + HostedPool.Query(("client_id", pool.ClientId), ("logout_uri", pool.LogoutUrl)));
        await run.WaitForAppAsync(pool.LogoutUrl);
        await page.GotoAsync(pool.AuthorizePath("code", "s2", null, Pkce.Create()));
        await HostedFlowTests.SignInAsync(page, "tess", Password);
        await Assertions.Expect(page.GetByText("Enter the code from your authenticator app.")).ToBeVisibleAsync();
        await shots.TakeAsync(page, "totp-code");
        await page.GetByLabel("Authenticator code").FillAsync(ReferenceTotp.Wrong(ReferenceTotp.Code(secret, step + 1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid verification code");
        await shots.TakeAsync(page, "totp-wrong-code");
        await page.GetByLabel("Authenticator code").FillAsync(ReferenceTotp.Code(secret, step + 1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await run.WaitForAppAsync(pool.CallbackUrl);
        Assert.Equal("s2", OAuth.Parameters(new Uri(page.Url).Query)["state"]);
        run.Passed();
    }
}
