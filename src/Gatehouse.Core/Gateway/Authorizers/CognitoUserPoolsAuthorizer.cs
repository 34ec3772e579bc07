using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>A REST API authorizer of type <c>COGNITO_USER_POOLS</c>, as stored in the deployment snapshot.</summary>
/// <param name="IdentitySource">Where the token is, e.g. <c>method.request.header.Authorization</c>.</param>
/// <param name="ProviderArns">The user pools' ARNs; one may name its pool as <c>${stageVariables.Name}</c>.</param>
/// <param name="IdentityValidationExpression">A regular expression the token's <c>aud</c> must match, or null.</param>
public sealed record CognitoAuthorizerSettings(string IdentitySource, IReadOnlyList<string> ProviderArns, string? IdentityValidationExpression = null);

/// <summary>
/// A REST API's Cognito user pool authorizer, as AWS enforces it:
/// <list type="bullet">
/// <item>the token is the identity source's value, raw or after <c>Bearer </c>, and signed by one of the pools;</item>
/// <item>a method without <c>authorizationScopes</c> takes ID tokens (of any app client of the pool) and refuses access
/// tokens; a method with scopes takes only access tokens whose <c>scope</c> holds one of them;</item>
/// <item><c>identityValidationExpression</c> must match the token's whole <c>aud</c> (so an access token, which has none,
/// never passes one);</item>
/// <item>every refusal is 401 <c>{"message":"Unauthorized"}</c>, except an expired token:
/// 401 <c>{"message":"The incoming token has expired"}</c>.</item>
/// </list>
/// </summary>
public sealed class CognitoUserPoolsAuthorizer : IAuthorizer
{
    private readonly IdentitySource _source;
    private readonly GatewayTokenVerifier _verifier;
    private readonly IReadOnlyList<string> _arns;
    private readonly IReadOnlyList<TrustedIssuer>? _pools;
    private readonly Regex? _validation;

    /// <summary>Throws <see cref="ArgumentException"/> for an identity source, ARN or expression AWS would not accept.</summary>
    public CognitoUserPoolsAuthorizer(CognitoAuthorizerSettings settings, GatewayTokenVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _source = IdentitySource.Parse(settings.IdentitySource);
        if (!_source.IsHeader)
        {
            throw new ArgumentException("A Cognito authorizer's identity source must be a header (method.request.header.<name>).", nameof(settings));
        }

        if (settings.ProviderArns.Count == 0)
        {
            throw new ArgumentException("A Cognito authorizer needs at least one provider ARN.", nameof(settings));
        }

        _verifier = verifier;
        _arns = settings.ProviderArns;
        // Pools named through stage variables are resolved per request, with that request's stage.
        _pools = _arns.Any(a => a.Contains(StageVariableText.Prefix, StringComparison.Ordinal))
            ? null
            : [.. _arns.Select(a => TrustedIssuer.FromProviderArn(a, verifier.Issuers))];
        _validation = string.IsNullOrEmpty(settings.IdentityValidationExpression)
            ? null
            : new Regex($@"\A(?:{settings.IdentityValidationExpression})\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    public ValueTask<AuthorizerDecision> AuthorizeAsync(GatewayRequest request, AuthorizationRequirements requirements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requirements);
        if (!_source.TryRead(request, out var token))
        {
            return ValueTask.FromResult<AuthorizerDecision>(AuthorizerDeny.Unauthorized);
        }

        var pools = _pools ?? ResolvePools(request.StageVariables);
        if (pools is null)
        {
            return ValueTask.FromResult<AuthorizerDecision>(AuthorizerDeny.ConfigurationError);
        }

        var verification = _verifier.VerifyAsync(token, pools, cancellationToken);
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
            return verification.Failure == TokenFailure.Expired ? AuthorizerDeny.Expired : AuthorizerDeny.Unauthorized;
        }

        var scoped = requirements.Scopes.Count > 0;
        if (scoped ? token.TokenUse != "access" || !token.HasAnyScope(requirements.Scopes) : token.TokenUse != "id")
        {
            return AuthorizerDeny.Unauthorized;
        }

        if (_validation is not null && !MatchesAudience(token))
        {
            return AuthorizerDeny.Unauthorized;
        }

        if (requirements.Groups.Count > 0 && !token.InAnyGroup(requirements.Groups))
        {
            return AuthorizerDeny.NotInGroup;
        }

        return token.Allow;
    }

    private bool MatchesAudience(VerifiedToken token)
    {
        if (token.Audiences is not [var aud])
        {
            return false;
        }

        try
        {
            return _validation!.IsMatch(aud);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private TrustedIssuer[]? ResolvePools(IReadOnlyDictionary<string, string> stageVariables)
    {
        var pools = new TrustedIssuer[_arns.Count];
        for (var i = 0; i < _arns.Count; i++)
        {
            var arn = StageVariableText.Substitute(_arns[i], stageVariables);
            try
            {
                pools[i] = TrustedIssuer.FromProviderArn(arn ?? "", _verifier.Issuers);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        return pools;
    }
}
