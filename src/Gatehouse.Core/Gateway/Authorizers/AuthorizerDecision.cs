using System.Text.Json;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>An authorizer's answer: <see cref="AuthorizerAllow"/> or <see cref="AuthorizerDeny"/>.</summary>
public abstract record AuthorizerDecision
{
    private protected AuthorizerDecision()
    {
    }

    public bool IsAllowed => this is AuthorizerAllow;
}

/// <summary>
/// The request may go on to the integration.
/// </summary>
/// <param name="PrincipalId">The caller: the token's <c>sub</c> for token authorizers; a Lambda authorizer's <c>principalId</c>.</param>
/// <param name="Claims">
/// The token's payload, a JSON object exactly as signed (numbers stay numbers, arrays stay arrays). The pipeline
/// renders it as <c>requestContext.authorizer.claims</c> (v1) or <c>requestContext.authorizer.jwt.claims</c> (v2) and
/// for <c>context.authorizer.claims.*</c> mappings. An empty object for authorizers without a token.
/// </param>
/// <param name="Scopes">The token's scopes (<c>scope</c> split on spaces, or <c>scp</c>); empty when it has none.</param>
/// <param name="Context">
/// A Lambda authorizer's <c>context</c> map; empty for token authorizers. For REST APIs every value is already a JSON
/// string (numbers and booleans stringified, as API Gateway hands them on in <c>requestContext.authorizer</c>); for HTTP
/// APIs the values are as the function returned them (<c>requestContext.authorizer.lambda</c>).
/// </param>
public sealed record AuthorizerAllow(
    string PrincipalId,
    JsonElement Claims,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, JsonElement> Context) : AuthorizerDecision
{
    internal static IReadOnlyDictionary<string, JsonElement> NoContext { get; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    /// <summary>A Lambda authorizer's <c>usageIdentifierKey</c>: the API key when the REST API's <c>apiKeySource</c> is <c>AUTHORIZER</c>.</summary>
    public string? UsageIdentifierKey { get; init; }
}

/// <summary>
/// The request stops here. The pipeline renders the stage's gateway response for <see cref="ResponseType"/> (REST APIs
/// may customise it), with <see cref="Message"/> as <c>$context.error.message</c>; the default body is
/// <c>{"message":"..."}</c>.
/// </summary>
/// <param name="StatusCode">401 or 403; 500 when the authorizer's configuration cannot be used.</param>
/// <param name="ResponseType">The gateway response type: <c>UNAUTHORIZED</c>, <c>ACCESS_DENIED</c> or <c>AUTHORIZER_CONFIGURATION_ERROR</c>.</param>
/// <param name="Message">The default body's message, e.g. <c>Unauthorized</c>; null renders as <c>{"message":null}</c>.</param>
/// <param name="WwwAuthenticate">
/// A <c>WWW-Authenticate</c> value to send, as HTTP APIs' JWT authorizers do
/// (<c>Bearer scope="" error="invalid_token" error_description="..."</c>); null for none.
/// </param>
public sealed record AuthorizerDeny(int StatusCode, string ResponseType, string? Message, string? WwwAuthenticate = null) : AuthorizerDecision
{
    /// <summary>
    /// The default body's key: <c>message</c>, or <c>Message</c> for a Lambda authorizer's policy refusal, which API
    /// Gateway writes as <c>{"Message":"User is not authorized to access this resource with an explicit deny"}</c>.
    /// </summary>
    public string MessageKey { get; init; } = "message";

    /// <summary>403 for a REST Lambda authorizer's policy that denies the method ARN.</summary>
    public static AuthorizerDeny ExplicitDeny { get; } =
        new(403, "ACCESS_DENIED", "User is not authorized to access this resource with an explicit deny") { MessageKey = "Message" };

    /// <summary>403 for a REST Lambda authorizer's policy without any statement allowing the method ARN.</summary>
    public static AuthorizerDeny ImplicitDeny { get; } =
        new(403, "ACCESS_DENIED", "User is not authorized to access this resource") { MessageKey = "Message" };

    /// <summary>500 <c>{"message":"Internal Server Error"}</c>: an HTTP API's Lambda authorizer failed or answered garbage.</summary>
    public static AuthorizerDeny InternalServerError { get; } = new(500, "AUTHORIZER_CONFIGURATION_ERROR", "Internal Server Error");

    /// <summary>401 <c>{"message":"Unauthorized"}</c>: no token, a token that is not valid here, or (REST Cognito) a missing scope.</summary>
    public static AuthorizerDeny Unauthorized { get; } = new(401, "UNAUTHORIZED", "Unauthorized");

    /// <summary>401 <c>{"message":"The incoming token has expired"}</c>: what a REST Cognito authorizer answers for an expired token.</summary>
    public static AuthorizerDeny Expired { get; } = new(401, "UNAUTHORIZED", "The incoming token has expired");

    /// <summary>403 <c>{"message":"Forbidden"}</c>: a JWT authorizer's valid token without any of the route's scopes.</summary>
    public static AuthorizerDeny Forbidden { get; } = new(403, "ACCESS_DENIED", "Forbidden");

    /// <summary>403 for a caller outside the method's required groups (Gatehouse's extension), worded as AWS's explicit deny.</summary>
    public static AuthorizerDeny NotInGroup { get; } = new(403, "ACCESS_DENIED", "User is not authorized to access this resource");

    /// <summary>
    /// 500 <c>{"message":null}</c> for an authorizer that cannot work as configured, e.g. a provider ARN naming a stage
    /// variable the stage lacks; also what a REST Lambda authorizer's failure, timeout or malformed answer gives.
    /// </summary>
    public static AuthorizerDeny ConfigurationError { get; } = new(500, "AUTHORIZER_CONFIGURATION_ERROR", null);
}
