using System.Text.Json;
using Gatehouse.Core.OAuth;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Oidc;

/// <summary>
/// <c>GET|POST /oauth2/userInfo</c> with <c>Authorization: Bearer</c>: Core's <see cref="UserInfo"/> decides, and
/// errors are RFC 6750's (a <c>WWW-Authenticate: Bearer</c> challenge, plus the same error as JSON).
/// </summary>
internal static class UserInfoEndpoint
{
    // What Cognito documents for a request without a usable Authorization header.
    private const string BadRequestDescription = "Bad OAuth2 request at UserInfo Endpoint";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task HandleAsync(HttpContext context, UserInfo userInfo)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-cache, no-store, max-age=0, must-revalidate";
        response.Headers.Pragma = "no-cache";
        try
        {
            var token = BearerToken(context.Request) ?? throw OAuthError.BearerInvalidRequest(BadRequestDescription);
            var claims = await userInfo.GetAsync(token, TokenEndpoint.DomainOf(context.Request.Host.Host), context.RequestAborted).ConfigureAwait(false);
            response.ContentType = "application/json;charset=UTF-8";
            await using var writer = new Utf8JsonWriter(response.Body, WriterOptions);
            writer.WriteStartObject();
            foreach (var (name, value) in claims)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OAuthError error)
        {
            await TokenEndpoint.WriteErrorAsync(context, error).ConfigureAwait(false);
        }
    }

    /// <summary>RFC 6750 2.1's <c>Authorization: Bearer &lt;token&gt;</c>, the only way Cognito takes the token; else null.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[7..].Trim();
        return token.Length == 0 ? null : token;
    }
}
