using System.Text;
using Gatehouse.Core.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Server.Oidc;

/// <summary>
/// The request of a form-posting OAuth endpoint (<c>/oauth2/token</c>, <c>/oauth2/revoke</c>): its parameters, from
/// the form and, as Cognito allows, the query string, and the client's credentials, from an HTTP Basic header or the
/// form. Anything malformed is <c>invalid_request</c>; a Basic header that does not decode is <c>invalid_client</c>.
/// </summary>
internal sealed class OAuthForm
{
    // Far above any legitimate request (a refresh token is under 200 characters), far below a memory problem.
    private const int MaxBodyBytes = 16 * 1024;

    private readonly Dictionary<string, string> _parameters;

    private OAuthForm(Dictionary<string, string> parameters, ClientCredentials client)
    {
        _parameters = parameters;
        Client = client;
    }

    public ClientCredentials Client { get; }

    /// <summary>A parameter's value; null when absent or empty.</summary>
    public string? this[string name] => _parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static async Task<OAuthForm> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in form.Concat(request.Query))
        {
            // RFC 6749 3.2: a parameter sent more than once, in the body or across body and query, is malformed.
            if (values.Count != 1 || !parameters.TryAdd(name, values[0] ?? ""))
            {
                throw OAuthError.InvalidRequest();
            }
        }

        var clientId = parameters.GetValueOrDefault("client_id") is { Length: > 0 } id ? id : null;
        var clientSecret = parameters.GetValueOrDefault("client_secret") is { Length: > 0 } secret ? secret : null;
        var basic = BasicCredentials(request);
        if (basic is { } credentials)
        {
            // RFC 6749 2.3: a client uses one authentication method per request.
            if (clientSecret is not null)
            {
                throw OAuthError.InvalidRequest();
            }

            if (clientId is not null && clientId != credentials.Id)
            {
                throw OAuthError.InvalidClient(usedBasic: true);
            }

            (clientId, clientSecret) = credentials;
        }

        return new OAuthForm(parameters, new ClientCredentials(clientId, clientSecret, basic is not null, TokenEndpoint.DomainOf(request.Host.Host)));
    }

    private static async Task<Dictionary<string, StringValues>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await UrlEncodedForm.ReadAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (MalformedFormException)
        {
            throw OAuthError.InvalidRequest();
        }
    }

    /// <summary>
    /// client_secret_basic: base64 of <c>id:secret</c>, each form-urlencoded first (RFC 6749 2.3.1). Null when the
    /// request has no Basic credentials; a Basic header that does not decode fails as invalid_client.
    /// </summary>
    private static (string Id, string Secret)? BasicCredentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = UrlEncodedForm.StrictUtf8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw OAuthError.InvalidClient(usedBasic: true);
            }

            return (FormDecode(decoded[..colon]), FormDecode(decoded[(colon + 1)..]));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw OAuthError.InvalidClient(usedBasic: true);
        }
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
