using Gatehouse.Core.Gateway.Invocation;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// What an authorizer may read of an incoming gateway request. The invocation pipeline fills it once per request;
/// nothing here is copied, so adapters over the server's own collections are welcome.
/// </summary>
public sealed class GatewayRequest
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Request headers. The lookup must be case-insensitive, as HTTP header names are; a header sent several times is one comma-joined value.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = Empty;

    /// <summary>Query string parameters (case-sensitive names, the last value of a repeated name).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = Empty;

    /// <summary>The HTTP method, e.g. <c>GET</c>.</summary>
    public string HttpMethod { get; init; } = "GET";

    /// <summary>The request path inside the stage, e.g. <c>/users/42</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The stage's variables; a provider ARN may name a pool as <c>${stageVariables.Name}</c>.</summary>
    public IReadOnlyDictionary<string, string> StageVariables { get; init; } = Empty;

    /// <summary>
    /// <c>arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{method}/{resourcePath}</c>: what a Lambda authorizer is
    /// told it authorizes.
    /// </summary>
    public string MethodArn { get; init; } = "";

    /// <summary>
    /// The request as mappings see it (<c>$context</c> variables, path parameters, resource path or route key), for
    /// Lambda authorizers' events and <c>context.*</c> identity sources; null when the caller has none.
    /// </summary>
    public InvocationContext? Invocation { get; init; }

    /// <summary>Every value of every header, in the order sent; null to derive it from <see cref="Headers"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueHeaders { get; init; }

    /// <summary>Every value of every query parameter, in the order sent; null to derive it from <see cref="Query"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueQuery { get; init; }

    /// <summary>The query string as sent, without its <c>?</c>.</summary>
    public string RawQueryString { get; init; } = "";
}

/// <summary>
/// What the matched method (REST) or route (HTTP API) asks of its authorizer beyond a valid token.
/// </summary>
/// <param name="Scopes">
/// The method's <c>authorizationScopes</c>: the token must hold at least one. Empty when the method has none.
/// </param>
/// <param name="Groups">
/// Gatehouse's extension, not AWS's: the caller must be in at least one of these Cognito groups
/// (<c>cognito:groups</c>). Empty when the method requires none.
/// </param>
public sealed record AuthorizationRequirements(IReadOnlyList<string> Scopes, IReadOnlyList<string> Groups)
{
    /// <summary>No scopes, no groups: any valid token.</summary>
    public static AuthorizationRequirements None { get; } = new([], []);

    /// <summary>Just the method's OAuth scopes.</summary>
    public static AuthorizationRequirements ForScopes(params IReadOnlyList<string> scopes) => new(scopes, []);
}
