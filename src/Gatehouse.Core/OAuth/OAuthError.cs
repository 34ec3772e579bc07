namespace Gatehouse.Core.OAuth;

/// <summary>
/// An error of the pool's OAuth 2.0 domain, rendered as RFC 6749's <c>{"error": Error}</c>. <see cref="Challenge"/>
/// asks for a <c>WWW-Authenticate: Basic</c> header, owed when a client failed HTTP Basic authentication.
/// </summary>
public sealed class OAuthError(string error, int statusCode = 400, bool challenge = false) : Exception(error)
{
    public string Error { get; } = error;

    public int StatusCode { get; } = statusCode;

    public bool Challenge { get; } = challenge;

    public static OAuthError InvalidRequest() => new("invalid_request");

    public static OAuthError InvalidClient(bool usedBasic) => new("invalid_client", 401, usedBasic);

    public static OAuthError InvalidGrant() => new("invalid_grant");

    public static OAuthError UnauthorizedClient() => new("unauthorized_client");

    public static OAuthError UnsupportedGrantType() => new("unsupported_grant_type");

    public static OAuthError InvalidScope() => new("invalid_scope");
}
