using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gatehouse.Server.Tests;

/// <summary>
/// A browser for the hosted pages over the in-process server: it keeps cookies itself and never follows redirects, so
/// tests can read every Set-Cookie and Location; forms get the <c>_csrf</c> field of the page they came from.
/// </summary>
internal sealed partial class HostedBrowser(TestGatehouse gatehouse)
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>A Host header to send (a pool domain's <c>{domain}.auth.localhost</c>), else the server's.</summary>
    public string? Host { get; set; }

    /// <summary>The last page's CSRF field.</summary>
    public string? Csrf { get; private set; }

    public Task<Page> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Posts a form with this browser's CSRF field (unless <paramref name="addCsrf"/> is false).</summary>
    public Task<Page> PostAsync(string url, IEnumerable<(string Name, string Value)> fields, bool addCsrf = true)
    {
        var all = fields.ToList();
        if (addCsrf && Csrf is not null)
        {
            all.Add(("_csrf", Csrf));
        }

        var body = string.Join('&', all.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));
        return PostRawAsync(url, Encoding.UTF8.GetBytes(body));
    }

    public Task<Page> PostRawAsync(string url, byte[] body, string contentType = "application/x-www-form-urlencoded")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return SendAsync(request);
    }

    /// <summary>Follows one redirect: a relative Location on this server.</summary>
    public Task<Page> FollowAsync(Page page)
    {
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        return GetAsync(page.Location!);
    }

    private async Task<Page> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            if (Host is not null)
            {
                request.Headers.Host = Host;
            }

            if (Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await gatehouse.Http.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                var value = pair[(name.Length + 1)..];
                if (header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0)
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }

            var page = new Page(response.StatusCode, response.Headers.Location?.OriginalString, html, setCookies, response);
            Csrf = page.Hidden("_csrf") ?? Csrf;
            return page;
        }
    }

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var challenge = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return (verifier, challenge);
    }

    internal sealed record Page(HttpStatusCode Status, string? Location, string Html, IReadOnlyList<string> SetCookies, HttpResponseMessage Response)
    {
        /// <summary>A hidden input's value, HTML-decoded.</summary>
        public string? Hidden(string name)
        {
            var match = Regex.Match(Html, $"<input type=\"hidden\" name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\">");
            return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
        }

        /// <summary>The form's action, HTML-decoded.</summary>
        public string FormAction => WebUtility.HtmlDecode(Regex.Match(Html, "<form method=\"post\" action=\"([^\"]*)\">").Groups[1].Value);

        /// <summary>The href of the link with this text, HTML-decoded.</summary>
        public string Link(string text) =>
            WebUtility.HtmlDecode(Regex.Match(Html, $"<a href=\"([^\"]*)\"[^>]*>{Regex.Escape(text)}</a>").Groups[1].Value);

        public string? Alert => Regex.Match(Html, "role=\"alert\"[^>]*>([^<]*)<") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

        public string? Cookie(string name) => SetCookies.FirstOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal));

        /// <summary>A query (or fragment) parameter of the Location.</summary>
        public string? LocationParameter(string name)
        {
            var uri = new Uri(new Uri("http://localhost"), Location!);
            var part = uri.Fragment.Length > 1 ? uri.Fragment[1..] : uri.Query.TrimStart('?');
            return part.Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1].Replace('+', ' '))).FirstOrDefault();
        }
    }
}
