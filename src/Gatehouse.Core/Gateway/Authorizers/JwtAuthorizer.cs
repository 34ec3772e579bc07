namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>One issuer a JWT authorizer trusts and the audiences it accepts from it.</summary>
public sealed record JwtIssuerSettings(string Issuer, IReadOnlyList<string> Audiences);

/// <summary>
/// A JWT authorizer as stored in a deployment snapshot: an HTTP API's <c>jwtConfiguration</c> (one issuer) or a REST
/// API's JWT authorizer (several issuers, each with its audiences).
/// </summary>
/// <param name="IdentitySource">Where the token is: <c>$request.header.Authorization</c> (HTTP) or <c>method.request.header.Authorization</c> (REST).</param>
/// <param name="Issuers">The trusted issuers.</param>
/// <param name="ChallengeHeader">
/// Send <c>WWW-Authenticate</c> with each refusal, as HTTP APIs do. REST APIs' documentation shows no such header.
/// </param>
public sealed record JwtAuthorizerSettings(string IdentitySource, IReadOnlyList<JwtIssuerSettings> Issuers, bool ChallengeHeader)
{
    /// <summary>An HTTP API's JWT authorizer: <c>jwtConfiguration</c> with one issuer and its audience list.</summary>
    public static JwtAuthorizerSettings ForHttpApi(string issuer, IReadOnlyList<string> audiences, string identitySource = "$request.header.Authorization") =>
        new(identitySource, [new JwtIssuerSettings(issuer, audiences)], ChallengeHeader: true);
}

/// <summary>
/// A JWT authorizer, as AWS enforces it for HTTP APIs (and REST APIs' JWT type):
/// <list type="bullet">
/// <item>the token is the identity source's value, raw or after <c>Bearer </c>; RSA signatures only, the key found by
/// <c>kid</c> among the issuer's keys;</item>
/// <item><c>iss</c> is a trusted issuer; <c>aud</c>, or <c>client_id</c> when there is no <c>aud</c>, is one of that issuer's
/// audiences; <c>exp</c>, <c>nbf</c> and <c>iat</c> hold against the clock (with <see cref="AuthorizerOptions.ClockSkew"/>);</item>
/// <item>a route with <c>authorizationScopes</c> needs a token whose <c>scope</c> (or <c>scp</c>) holds one of them, else
/// 403 <c>{"message":"Forbidden"}</c>;</item>
/// <item>any other refusal is 401 <c>{"message":"Unauthorized"}</c>, for HTTP APIs with
/// <c>WWW-Authenticate: Bearer scope="..." error="invalid_token" error_description="..."</c>.</item>
/// </list>
/// </summary>
public sealed class JwtAuthorizer : IAuthorizer
{
    private readonly IdentitySource _source;
    private readonly GatewayTokenVerifier _verifier;
    private readonly TrustedIssuer[] _issuers;
    private readonly bool _challenge;

    /// <summary>Throws <see cref="ArgumentException"/> for an identity source or issuer AWS would not accept.</summary>
    public JwtAuthorizer(JwtAuthorizerSettings settings, GatewayTokenVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Issuers.Count == 0)
        {
            throw new ArgumentException("A JWT authorizer needs at least one issuer.", nameof(settings));
        }

        _source = IdentitySource.Parse(settings.IdentitySource);
        _verifier = verifier;
        _issuers = [.. settings.Issuers.Select(i => TrustedIssuer.FromIssuerUrl(i.Issuer, i.Audiences, verifier.Issuers))];
        _challenge = settings.ChallengeHeader;
    }

    public ValueTask<AuthorizerDecision> AuthorizeAsync(GatewayRequest request, AuthorizationRequirements requirements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requirements);
        if (!_source.TryRead(request, out var token))
        {
            return ValueTask.FromResult<AuthorizerDecision>(AuthorizerDeny.Unauthorized);
        }

        var verification = _verifier.VerifyAsync(token, _issuers, cancellationToken);
        return verification.IsCompletedSuccessfully
            ? ValueTask.FromResult(Decide(verification.Result, requirements))
            : DecideAsync(verification, requirements);
    }

    private async ValueTask<AuthorizerDecision> DecideAsync(ValueTask<TokenVerification> verification, AuthorizationRequirements requirements) =>
        Decide(await verification.ConfigureAwait(false), requirements);

    private AuthorizerDecision Decide(TokenVerification verification, AuthorizationRequirements requirements)
    {
        if (verification.Token is not { } token)
        {
            return Invalid(Describe(verification.Failure), requirements);
        }

        if (!HasValidAudience(token, verification.Issuer!))
        {
            return Invalid("the token does not have a valid audience", requirements);
        }

        if (requirements.Scopes.Count > 0 && !token.HasAnyScope(requirements.Scopes))
        {
            return _challenge
                ? AuthorizerDeny.Forbidden with { WwwAuthenticate = Challenge(requirements, "insufficient_scope", "the token does not have the required scope") }
                : AuthorizerDeny.Forbidden;
        }

        if (requirements.Groups.Count > 0 && !token.InAnyGroup(requirements.Groups))
        {
            return AuthorizerDeny.NotInGroup;
        }

        return token.Allow;
    }

    // AWS evaluates aud when the token has one, and client_id (Cognito's access tokens) only when it has none.
    private static bool HasValidAudience(VerifiedToken token, TrustedIssuer issuer)
    {
        if (token.Audiences is { } audiences)
        {
            foreach (var aud in audiences)
            {
                if (issuer.AcceptsAudience(aud))
                {
                    return true;
                }
            }

            return false;
        }

        return token.ClientId is { } clientId && issuer.AcceptsAudience(clientId);
    }

    private AuthorizerDeny Invalid(string description, AuthorizationRequirements requirements) =>
        _challenge ? AuthorizerDeny.Unauthorized with { WwwAuthenticate = Challenge(requirements, "invalid_token", description) } : AuthorizerDeny.Unauthorized;

    // AWS documents only "the token does not have a valid audience"; the other descriptions follow its wording.
    private static string Describe(TokenFailure failure) => failure switch
    {
        TokenFailure.UntrustedIssuer => "the token does not have a valid issuer",
        TokenFailure.UnknownKey => "the token was signed by an unknown key",
        TokenFailure.BadSignature => "the token does not have a valid signature",
        TokenFailure.Expired => "the token has expired",
        TokenFailure.NotYetValid => "the token is not valid yet",
        TokenFailure.IssuedInFuture => "the token was issued in the future",
        TokenFailure.Revoked => "the token has been revoked",
        _ => "the token is not a valid JWT",
    };

    private static string Challenge(AuthorizationRequirements requirements, string error, string description) =>
        $"Bearer scope=\"{string.Join(' ', requirements.Scopes)}\" error=\"{error}\" error_description=\"{description}\"";
}
