namespace Gatehouse.Core.OAuth;

/// <summary>A parsed <c>POST /oauth2/token</c>: the grant, the client that asks, and the grant's parameters.</summary>
public sealed record TokenRequest(
    string? GrantType, ClientCredentials Client, string? Scope = null, string? RefreshToken = null,
    string? Code = null, string? RedirectUri = null, string? CodeVerifier = null);

/// <summary>The token endpoint's success: RFC 6749's access token response.</summary>
public sealed record TokenResponse(string AccessToken, int ExpiresIn, string? IdToken = null, string? RefreshToken = null);
