using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Compat.Tests;

namespace Gatehouse.Browser.Tests;

/// <summary>A PKCE pair (RFC 7636): a random verifier and its S256 challenge, made here, not by Gatehouse.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce Create()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>What the app's back end does with the domain: the token endpoint, userInfo, and reading tokens.</summary>
public static class OAuth
{
    /// <summary><c>POST /oauth2/token</c>, form-encoded, as a public client (no secret): the status and the JSON body.</summary>
    public static async Task<(HttpStatusCode Status, JsonObject Body)> TokenAsync(GatehouseProcess server, params (string Name, string Value)[] form)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        using var response = await http.PostAsync(new Uri(server.Endpoint + "/oauth2/token"), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"/oauth2/token answered {text}"));
    }

    /// <summary><c>GET /oauth2/userInfo</c> with the access token as a bearer token.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> UserInfoAsync(GatehouseProcess server, string accessToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Endpoint + "/oauth2/userInfo"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The token verified by Node's jose against the pool's JWKS (signature, RS256, iss, exp, iat, and aud when
    /// given), independently of Gatehouse's code; returns its claims.
    /// </summary>
    public static async Task<JsonObject> VerifyAsync(HostedPool pool, string token, string? audience)
    {
        var verified = (await pool.Server.NodeAsync("verify-jwt.mjs", audience is null ? [token, pool.Issuer] : [token, pool.Issuer, audience])).Json();
        return verified["claims"]!.AsObject();
    }

    /// <summary>OIDC's at_hash for RS256: the left half of the access token's SHA-256, base64url.</summary>
    public static string AtHash(string accessToken) => Pkce.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);

    /// <summary>The parameters of a URL's query or fragment.</summary>
    public static Dictionary<string, string> Parameters(string queryOrFragment)
    {
        var parsed = System.Web.HttpUtility.ParseQueryString(queryOrFragment.TrimStart('?', '#'));
        return parsed.AllKeys.OfType<string>().ToDictionary(k => k, k => parsed[k]!, StringComparer.Ordinal);
    }
}
