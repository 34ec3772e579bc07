namespace Gatehouse.Core.OAuth;

/// <summary>
/// An error of the pool's OAuth 2.0 domain, rendered as RFC 6749's <c>{"error": Error}</c> (with
/// <c>error_description</c> when <see cref="Description"/> is set). <see cref="Challenge"/> names the
/// <c>WWW-Authenticate</c> scheme the response owes: <c>Basic</c> when a client failed HTTP Basic authentication,
/// <c>Bearer</c> (RFC 6750) when an access token was refused.
/// </summary>
public sealed class OAuthError(string error, int statusCode = 400, string? challenge = null, string? description = null) : Exception(error)
{
    public string Error { get; } = error;

    public int StatusCode { get; } = statusCode;

    /// <summary>The <c>WWW-Authenticate</c> scheme to answer with, <c>Basic</c> or <c>Bearer</c>, or null for none.</summary>
    public string? Challenge { get; } = challenge;

    public string? Description { get; } = description;

    public static OAuthError InvalidRequest() => new("invalid_request");

    public static OAuthError InvalidClient(bool usedBasic) => new("invalid_client", 401, usedBasic ? "Basic" : null);

    public static OAuthError InvalidGrant() => new("invalid_grant");

    public static OAuthError UnauthorizedClient() => new("unauthorized_client");

    public static OAuthError UnsupportedGrantType() => new("unsupported_grant_type");

    public static OAuthError InvalidScope() => new("invalid_scope");

    /// <summary>RFC 7009: only refresh tokens can be revoked.</summary>
    public static OAuthError UnsupportedTokenType() => new("unsupported_token_type");

    /// <summary>RFC 6750 3.1: a malformed request to a resource endpoint, such as one without an access token.</summary>
    public static OAuthError BearerInvalidRequest(string description) => new("invalid_request", 400, "Bearer", description);

    /// <summary>RFC 6750 3.1: the access token is expired, revoked, malformed or otherwise not good.</summary>
    public static OAuthError InvalidToken(string description) => new("invalid_token", 401, "Bearer", description);

    /// <summary>RFC 6750 3.1: the access token is good but lacks a scope the endpoint needs.</summary>
    public static OAuthError InsufficientScope(string description) => new("insufficient_scope", 403, "Bearer", description);
}
