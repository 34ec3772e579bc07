using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Tokens;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Oidc;

/// <summary>The issuer metadata of each pool: its JWKS and OpenID discovery document.</summary>
internal static class OidcEndpoints
{
    // The claims an ID token or userInfo can carry; custom attributes come as custom:{name} besides.
    private static readonly string[] ClaimsSupported =
    [
        "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "cognito:username", "cognito:groups", "cognito:roles",
        "cognito:preferred_role", "username", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile",
        "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified",
        "address", "updated_at",
    ];

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

        // Cognito's fields and values (its keys in alphabetical order), plus what a relying party needs to know of
        // the rest of the domain: revocation, grant types, PKCE and the claims. The domain's endpoints are served on
        // this server's own URL, the pool being found from client_id.
        var issuer = issuers.For(poolId);
        var document = new OpenIdConfiguration
        {
            AuthorizationEndpoint = issuers.PublicUrl + "/oauth2/authorize",
            ClaimsSupported = ClaimsSupported,
            CodeChallengeMethodsSupported = ["S256"],
            GrantTypesSupported = ["authorization_code", "implicit", "refresh_token", "client_credentials"],
            IdTokenSigningAlgValuesSupported = ["RS256"],
            Issuer = issuer,
            JwksUri = issuer + "/.well-known/jwks.json",
            ResponseTypesSupported = ["code", "token"],
            RevocationEndpoint = issuers.PublicUrl + "/oauth2/revoke",
            ScopesSupported = ["openid", "email", "phone", "profile"],
            SubjectTypesSupported = ["public"],
            TokenEndpoint = issuers.PublicUrl + "/oauth2/token",
            TokenEndpointAuthMethodsSupported = ["client_secret_basic", "client_secret_post", "none"],
            UserInfoEndpoint = issuers.PublicUrl + "/oauth2/userInfo",
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
    [JsonPropertyName("claims_supported")] public string[]? ClaimsSupported { get; set; }
    [JsonPropertyName("code_challenge_methods_supported")] public string[]? CodeChallengeMethodsSupported { get; set; }
    [JsonPropertyName("grant_types_supported")] public string[]? GrantTypesSupported { get; set; }
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
