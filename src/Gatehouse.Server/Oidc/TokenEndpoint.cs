using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.OAuth;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Oidc;

/// <summary>
/// <c>POST /oauth2/token</c>: reads the request with <see cref="OAuthForm"/>, lets Core's <see cref="TokenGrants"/>
/// decide, and renders RFC 6749's JSON.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task HandleAsync(HttpContext context, TokenGrants grants)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        try
        {
            var form = await OAuthForm.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            var request = new TokenRequest(
                form["grant_type"], form.Client, form["scope"], form["refresh_token"], form["code"], form["redirect_uri"], form["code_verifier"]);
            var issued = await grants.IssueAsync(request, context.RequestAborted).ConfigureAwait(false);
            var body = new TokenResponseBody
            {
                IdToken = issued.IdToken,
                AccessToken = issued.AccessToken,
                RefreshToken = issued.RefreshToken,
                ExpiresIn = issued.ExpiresIn,
            };
            response.ContentType = "application/json;charset=UTF-8";
            await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, TokenEndpointJson.Default.TokenResponseBody), context.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (OAuthError error)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// RFC 6749 5.2's JSON body, with the <c>WWW-Authenticate</c> challenge the error owes: <c>Basic</c> after failed
    /// HTTP Basic client authentication, or RFC 6750 3's <c>Bearer</c> with the error and its description.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, OAuthError error)
    {
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        if (error.Challenge == "Basic")
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"oauth2\"";
        }
        else if (error.Challenge == "Bearer")
        {
            response.Headers.WWWAuthenticate = $"Bearer error=\"{error.Error}\""
                + (error.Description is null ? "" : $", error_description=\"{error.Description}\"");
        }
        response.ContentType = "application/json;charset=UTF-8";
        var body = new OAuthErrorBody { Error = error.Error, ErrorDescription = error.Description };
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, TokenEndpointJson.Default.OAuthErrorBody), context.RequestAborted)
            .ConfigureAwait(false);
    }

    /// <summary>The pool domain of a <c>Host: {domain}.auth.localhost</c> request, else null.</summary>
    public static string? DomainOf(string host)
    {
        const string Suffix = ".auth.localhost";
        return host.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) && host.Length > Suffix.Length
            ? host[..^Suffix.Length].ToLowerInvariant()
            : null;
    }
}

internal sealed class TokenResponseBody
{
    [JsonPropertyName("id_token")] public string? IdToken { get; set; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
    [JsonPropertyName("token_type")] public string TokenType { get; set; } = "Bearer";
}

internal sealed class OAuthErrorBody
{
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponseBody))]
[JsonSerializable(typeof(OAuthErrorBody))]
internal sealed partial class TokenEndpointJson : JsonSerializerContext;
