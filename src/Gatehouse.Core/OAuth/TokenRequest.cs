namespace Gatehouse.Core.OAuth;

/// <summary>
/// A parsed <c>POST /oauth2/token</c>. <see cref="UsedBasic"/> says the client credentials came in an HTTP Basic
/// header rather than the form; <see cref="Domain"/> is the pool domain the request was sent to, if any.
/// </summary>
public sealed record TokenRequest(
    string? GrantType, string? ClientId, string? ClientSecret, bool UsedBasic, string? Scope, string? RefreshToken, string? Domain = null,
    string? Code = null, string? RedirectUri = null, string? CodeVerifier = null);

/// <summary>The token endpoint's success: RFC 6749's access token response.</summary>
public sealed record TokenResponse(string AccessToken, int ExpiresIn, string? IdToken = null, string? RefreshToken = null);
