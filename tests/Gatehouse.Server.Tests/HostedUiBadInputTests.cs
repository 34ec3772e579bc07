using System.Net;
using System.Text;

namespace Gatehouse.Server.Tests;

/// <summary>
/// What the hosted pages do with bad input: missing or forged CSRF tokens, oversized and malformed forms, invalid
/// authorize parameters, and hostile values that must come back HTML-encoded.
/// </summary>
public sealed class HostedUiBadInputTests : IAsyncLifetime
{
    private const string Hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

    private TestGatehouse _gatehouse = null!;
    private HostedPool _pool = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _pool = await HostedPool.CreateAsync(_gatehouse);
        await _pool.CreateUserAsync("alice");
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_post_without_a_matching_csrf_token_is_forbidden()
    {
        var browser = new HostedBrowser(_gatehouse);
        var login = await browser.GetAsync("/login?" + _pool.Query());
        (string, string)[] credentials = [("username", "alice"), ("password", HostedPool.Password)];

        var missing = await browser.PostAsync(login.FormAction, credentials, addCsrf: false);
        Assert.Equal(HttpStatusCode.Forbidden, missing.Status);
        Assert.Contains("role=\"alert\"", missing.Html, StringComparison.Ordinal);

        var mismatched = await browser.PostAsync(login.FormAction, [.. credentials, ("_csrf", new string('A', 43))], addCsrf: false);
        Assert.Equal(HttpStatusCode.Forbidden, mismatched.Status);

        var noCookie = new HostedBrowser(_gatehouse);
        var forged = await noCookie.PostAsync(login.FormAction, [.. credentials, ("_csrf", browser.Csrf!)], addCsrf: false);
        Assert.Equal(HttpStatusCode.Forbidden, forged.Status);
        Assert.Null(forged.Cookie("cognito"));

        foreach (var path in new[] { "/signup", "/confirmUser", "/forgotPassword", "/confirmForgotPassword" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await noCookie.PostAsync(path + "?" + _pool.Query(), [("username", "alice")], addCsrf: false)).Status);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(login.FormAction, credentials)).Status);
    }

    [Fact]
    public async Task Oversized_and_malformed_forms_get_a_400_page()
    {
        var browser = new HostedBrowser(_gatehouse);
        var login = await browser.GetAsync("/login?" + _pool.Query());
        var csrf = "_csrf=" + browser.Csrf + "&";
        byte[][] bodies =
        [
            Encoding.ASCII.GetBytes(csrf + "username=" + new string('a', 200_000) + "&password=x"),
            Encoding.ASCII.GetBytes(csrf + "username=%zz&password=x"),
            Encoding.ASCII.GetBytes(csrf + "username=a%&password=x"),
            [.. Encoding.ASCII.GetBytes(csrf + "username="), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("&password=x")],
            Encoding.ASCII.GetBytes(csrf + "username=a&username=b&password=x"),
        ];
        foreach (var body in bodies)
        {
            var page = await browser.PostRawAsync(login.FormAction, body);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.StartsWith("text/html", page.Response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            Assert.Null(page.Cookie("cognito"));
        }

        var json = await browser.PostRawAsync(login.FormAction, Encoding.UTF8.GetBytes("{\"username\":\"alice\"}"), "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, json.Status);
        var duplicateQuery = await browser.GetAsync("/login?" + _pool.Query() + "&username=a&username=b");
        Assert.NotEqual(HttpStatusCode.InternalServerError, duplicateQuery.Status);
        var twoClients = await browser.GetAsync("/login?" + _pool.Query() + "&client_id=other");
        Assert.StartsWith("/error?error=invalid_request", twoClients.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_authorize_parameters_on_a_page_go_to_the_error_page_or_back_with_an_error()
    {
        var browser = new HostedBrowser(_gatehouse);
        foreach (var path in new[] { "/login", "/signup", "/confirmUser", "/forgotPassword", "/confirmForgotPassword" })
        {
            var unknown = await browser.GetAsync(path + "?client_id=unknown&response_type=code&redirect_uri=" + Uri.EscapeDataString(HostedPool.Callback));
            Assert.Equal(HttpStatusCode.Redirect, unknown.Status);
            Assert.Equal("/error?error=invalid_request&client_id=unknown", unknown.Location);

            var unregistered = await browser.GetAsync(path + "?" + _pool.Query().Replace("app.example.com", "evil.example.com", StringComparison.Ordinal));
            Assert.Equal($"/error?error=redirect_mismatch&client_id={_pool.ClientId}", unregistered.Location);
        }

        var unsupported = await browser.GetAsync("/login?" + _pool.Query(responseType: "id_token"));
        Assert.StartsWith(HostedPool.Callback + "?error=unsupported_response_type", unsupported.Location, StringComparison.Ordinal);
        var error = await browser.GetAsync("/error?error=redirect_mismatch");
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
    }

    [Fact]
    public async Task Through_a_pool_domain_only_that_pools_clients_have_pages()
    {
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = _pool.PoolId, Domain = "hosted-app" });
        var other = await HostedPool.CreateAsync(_gatehouse);
        await _gatehouse.CallAsync("CreateUserPoolDomain", new { UserPoolId = other.PoolId, Domain = "other-app" });

        var browser = new HostedBrowser(_gatehouse) { Host = "hosted-app.auth.localhost" };
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login?" + _pool.Query())).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await _pool.SignInAsync(browser, _pool.Query(responseType: "token"), "alice")).Status);

        browser.Host = "other-app.auth.localhost";
        Assert.Equal($"/error?error=invalid_request&client_id={_pool.ClientId}", (await browser.GetAsync("/login?" + _pool.Query())).Location);
        Assert.Equal(
            $"/error?error=invalid_request&client_id={_pool.ClientId}",
            (await browser.GetAsync($"/logout?client_id={_pool.ClientId}&logout_uri={Uri.EscapeDataString(HostedPool.SignOut)}")).Location);
    }

    [Fact]
    public async Task Hostile_state_and_username_values_come_back_encoded()
    {
        var browser = new HostedBrowser(_gatehouse);
        var login = await browser.GetAsync("/login?" + _pool.Query(state: Hostile));
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.DoesNotContain("<script>", login.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", login.Html, StringComparison.Ordinal);
        Assert.Equal(Hostile, new Uri(new Uri("http://localhost"), login.FormAction).Query.Split('&').Select(p => p.Split('=')).Where(p => p[0] == "state").Select(p => Uri.UnescapeDataString(p[1])).Single());

        var failed = await browser.PostAsync(login.FormAction, [("username", Hostile), ("password", "x")]);
        Assert.DoesNotContain("<script>", failed.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", failed.Html, StringComparison.Ordinal);

        var confirm = await browser.GetAsync("/confirmUser?" + _pool.Query(state: Hostile) + "&username=" + Uri.EscapeDataString(Hostile));
        Assert.DoesNotContain("<script>", confirm.Html, StringComparison.Ordinal);
        Assert.Equal(Hostile, confirm.Hidden("username"));

        var error = await browser.GetAsync("/error?error=" + Uri.EscapeDataString("<script>x</script>"));
        Assert.DoesNotContain("<script>", error.Html, StringComparison.Ordinal);

        var signed = await browser.PostAsync(login.FormAction, [("username", "alice"), ("password", HostedPool.Password)]);
        Assert.Equal(Hostile, signed.LocationParameter("state"));
    }

    [Fact]
    public async Task Pages_send_protective_headers_and_the_stylesheet_is_cached()
    {
        var browser = new HostedBrowser(_gatehouse);
        var login = await browser.GetAsync("/login?" + _pool.Query());
        Assert.Equal("DENY", login.Response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", login.Response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\"", login.Html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/static/gatehouse.css\">", login.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", login.Html, StringComparison.Ordinal);

        var css = await _gatehouse.Http.GetAsync(new Uri("/static/gatehouse.css", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType?.ToString());
        Assert.Equal("public, max-age=86400", css.Headers.CacheControl?.ToString());
    }
}
