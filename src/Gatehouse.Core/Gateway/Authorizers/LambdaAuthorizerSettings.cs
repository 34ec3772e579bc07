namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>What a Lambda authorizer is handed: the token alone (<c>TOKEN</c>) or the request's parameters (<c>REQUEST</c>).</summary>
public enum LambdaAuthorizerKind
{
    Token,
    Request,
}

/// <summary>
/// A Lambda authorizer as stored in a deployment snapshot: a REST API's <c>TOKEN</c> or <c>REQUEST</c> authorizer, or
/// an HTTP API's <c>REQUEST</c> authorizer.
/// </summary>
/// <param name="AuthorizerId">The authorizer's id; part of its cache key.</param>
/// <param name="Kind">TOKEN or REQUEST.</param>
/// <param name="AuthorizerUri">
/// <c>arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{lambdaArn}/invocations</c>; it may name the function
/// through <c>${stageVariables.name}</c>.
/// </param>
/// <param name="IdentitySources">
/// REST: <c>method.request.header.X</c>, <c>method.request.querystring.X</c>, <c>stageVariables.X</c>, <c>context.X</c>;
/// HTTP: <c>$request.header.X</c>, <c>$request.querystring.X</c>, <c>$stageVariables.X</c>, <c>$context.X</c>.
/// </param>
/// <param name="IdentityValidationExpression">TOKEN only: a regular expression the whole token must match, else 401 without invoking.</param>
/// <param name="ResultTtlSeconds">How long a result is cached by the identity source values; 0 disables caching.</param>
/// <param name="HttpApi">An HTTP API's authorizer (its event formats and its 403 <c>Forbidden</c> / 500 answers).</param>
/// <param name="PayloadFormatVersion">HTTP APIs: <c>1.0</c> (REST's REQUEST event, policy answer) or <c>2.0</c>.</param>
/// <param name="SimpleResponses">HTTP APIs, payload 2.0: the function answers <c>{"isAuthorized": bool, "context": {...}}</c>.</param>
public sealed record LambdaAuthorizerSettings(
    string AuthorizerId,
    LambdaAuthorizerKind Kind,
    string AuthorizerUri,
    IReadOnlyList<string> IdentitySources,
    string? IdentityValidationExpression,
    int ResultTtlSeconds,
    bool HttpApi = false,
    string PayloadFormatVersion = "1.0",
    bool SimpleResponses = false)
{
    /// <summary>API Gateway's default result TTL for REST authorizers.</summary>
    public const int DefaultTtlSeconds = 300;

    /// <summary>The longest result TTL API Gateway accepts.</summary>
    public const int MaxTtlSeconds = 3600;

    /// <summary>
    /// A REST API's authorizer: <paramref name="type"/> <c>TOKEN</c> or <c>REQUEST</c>; <paramref name="identitySource"/>
    /// a comma-separated list; a null TTL means API Gateway's default of 300 seconds.
    /// </summary>
    public static LambdaAuthorizerSettings ForRestApi(string authorizerId, string type, string authorizerUri, string? identitySource, string? identityValidationExpression, int? ttlSeconds)
    {
        ArgumentNullException.ThrowIfNull(type);
        var kind = type switch
        {
            "TOKEN" => LambdaAuthorizerKind.Token,
            "REQUEST" => LambdaAuthorizerKind.Request,
            _ => throw new ArgumentException($"Not a Lambda authorizer type: {type}.", nameof(type)),
        };
        var sources = (identitySource ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LambdaAuthorizerSettings(
            authorizerId, kind, authorizerUri, sources, kind == LambdaAuthorizerKind.Token ? identityValidationExpression : null, ttlSeconds ?? DefaultTtlSeconds);
    }

    /// <summary>An HTTP API's <c>REQUEST</c> authorizer; a null TTL disables caching, as in API Gateway v2.</summary>
    public static LambdaAuthorizerSettings ForHttpApi(
        string authorizerId, string authorizerUri, IReadOnlyList<string>? identitySources, string payloadFormatVersion, bool simpleResponses, int? ttlSeconds) =>
        new(authorizerId, LambdaAuthorizerKind.Request, authorizerUri, identitySources ?? [], null, ttlSeconds ?? 0, HttpApi: true, payloadFormatVersion, simpleResponses);
}
