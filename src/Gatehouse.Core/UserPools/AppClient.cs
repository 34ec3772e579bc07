using System.Text.Json;

namespace Gatehouse.Core.UserPools;

/// <summary>An app client, shaped as AWS's <c>UserPoolClientType</c>.</summary>
public sealed class AppClient
{
    public string? UserPoolId { get; set; }
    public string? ClientName { get; set; }
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public DateTimeOffset? LastModifiedDate { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public int? RefreshTokenValidity { get; set; }
    public int? AccessTokenValidity { get; set; }
    public int? IdTokenValidity { get; set; }
    public TokenValidityUnits? TokenValidityUnits { get; set; }
    public List<string>? ReadAttributes { get; set; }
    public List<string>? WriteAttributes { get; set; }
    public List<string>? ExplicitAuthFlows { get; set; }
    public List<string>? SupportedIdentityProviders { get; set; }
    public List<string>? CallbackURLs { get; set; }
    public List<string>? LogoutURLs { get; set; }
    public string? DefaultRedirectURI { get; set; }
    public List<string>? AllowedOAuthFlows { get; set; }
    public List<string>? AllowedOAuthScopes { get; set; }
    public bool? AllowedOAuthFlowsUserPoolClient { get; set; }
    public JsonElement? AnalyticsConfiguration { get; set; }
    public string? PreventUserExistenceErrors { get; set; }
    public bool? EnableTokenRevocation { get; set; }
    public bool? EnablePropagateAdditionalUserContextData { get; set; }
    public int? AuthSessionValidity { get; set; }
    public JsonElement? RefreshTokenRotation { get; set; }

    public bool HidesUserExistence => PreventUserExistenceErrors == "ENABLED";
}

public sealed class TokenValidityUnits
{
    public string? AccessToken { get; set; }
    public string? IdToken { get; set; }
    public string? RefreshToken { get; set; }
}
