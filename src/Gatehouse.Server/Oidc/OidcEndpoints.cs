using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Tokens;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Oidc;

/// <summary>The issuer metadata of each pool: its JWKS and OpenID discovery document.</summary>
internal static class OidcEndpoints
{
    public static async Task<IResult> JwksAsync(string poolId, SigningKeys keys, CancellationToken cancellationToken)
    {
        var poolKeys = await keys.GetAsync(poolId, cancellationToken).ConfigureAwait(false);
        return poolKeys is null
            ? NotFound(poolId)
            : Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(poolKeys.ToJwks(), OidcJson.Default.JsonWebKeySet), "application/json");
    }

    public static async Task<IResult> OpenIdConfigurationAsync(string poolId, SigningKeys keys, IssuerUrls issuers, CancellationToken cancellationToken)
    {
        if (await keys.GetAsync(poolId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(poolId);
        }

        var issuer = issuers.For(poolId);
        var document = new OpenIdConfiguration
        {
            Issuer = issuer,
            JwksUri = issuer + "/.well-known/jwks.json",
            AuthorizationEndpoint = issuers.PublicUrl + "/oauth2/authorize",
            TokenEndpoint = issuers.PublicUrl + "/oauth2/token",
            UserInfoEndpoint = issuers.PublicUrl + "/oauth2/userInfo",
            RevocationEndpoint = issuers.PublicUrl + "/oauth2/revoke",
            ResponseTypesSupported = ["code", "token"],
            SubjectTypesSupported = ["public"],
            IdTokenSigningAlgValuesSupported = ["RS256"],
            ScopesSupported = ["openid", "email", "phone", "profile"],
            TokenEndpointAuthMethodsSupported = ["client_secret_basic", "client_secret_post"],
        };
        return Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(document, OidcJson.Default.OpenIdConfiguration), "application/json");
    }

    // Cognito answers an unknown pool's metadata with 404 and a JSON message.
    private static IResult NotFound(string poolId) =>
        Results.Json(new Dictionary<string, string> { ["message"] = $"User pool {poolId} does not exist." }, OidcJson.Default.DictionaryStringString, statusCode: 404);
}

internal sealed class OpenIdConfiguration
{
    [JsonPropertyName("authorization_endpoint")] public string? AuthorizationEndpoint { get; set; }
    [JsonPropertyName("id_token_signing_alg_values_supported")] public string[]? IdTokenSigningAlgValuesSupported { get; set; }
    [JsonPropertyName("issuer")] public string? Issuer { get; set; }
    [JsonPropertyName("jwks_uri")] public string? JwksUri { get; set; }
    [JsonPropertyName("response_types_supported")] public string[]? ResponseTypesSupported { get; set; }
    [JsonPropertyName("revocation_endpoint")] public string? RevocationEndpoint { get; set; }
    [JsonPropertyName("scopes_supported")] public string[]? ScopesSupported { get; set; }
    [JsonPropertyName("subject_types_supported")] public string[]? SubjectTypesSupported { get; set; }
    [JsonPropertyName("token_endpoint")] public string? TokenEndpoint { get; set; }
    [JsonPropertyName("token_endpoint_auth_methods_supported")] public string[]? TokenEndpointAuthMethodsSupported { get; set; }
    [JsonPropertyName("userinfo_endpoint")] public string? UserInfoEndpoint { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonWebKeySet))]
[JsonSerializable(typeof(OpenIdConfiguration))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class OidcJson : JsonSerializerContext;
