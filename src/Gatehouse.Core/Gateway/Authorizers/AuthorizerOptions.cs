namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>Tuning of the token authorizers; the defaults suit a local emulator and the tests.</summary>
public sealed class AuthorizerOptions
{
    /// <summary>
    /// Leeway for <c>exp</c>, <c>nbf</c> and <c>iat</c> against this server's clock. Zero by default: this Gatehouse's
    /// tokens share its clock, and an expired token is refused at its <c>exp</c> second as AWS does. Raise it for an
    /// external issuer whose clock drifts.
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.Zero;

    /// <summary>How many verified tokens are remembered until their <c>exp</c>; 0 verifies every request afresh.</summary>
    public int MaxCachedTokens { get; init; } = 10_000;

    /// <summary>How long an external issuer's discovery and JWKS requests may take, together, before the fetch fails.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Keys older than this are re-fetched in the background on their next use, while requests go on with them.
    /// AWS documents caching an issuer's keys for up to two hours.
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// At most one fetch per issuer starts within this interval: a token with an unknown <c>kid</c>, or an issuer that
    /// is down, cannot make every request wait on the network.
    /// </summary>
    public TimeSpan MinRefetchInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest discovery document or JWKS accepted from an issuer.</summary>
    public int MaxDocumentBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// Refuse tokens of this Gatehouse whose sign-in was revoked (GlobalSignOut, RevokeToken). AWS's authorizers do not
    /// check revocation; Gatehouse does by default because it knows.
    /// </summary>
    public bool RejectRevokedTokens { get; init; } = true;
}
