using System.Globalization;
using System.Text.Json;
using Gatehouse.Core.Gateway.Authorizers;

namespace Gatehouse.Core.Gateway.Invocation;

/// <summary>
/// One gateway request as mapping expressions, templates and access logs see it: AWS's <c>$context</c> variables,
/// the method request's headers, query string and path parameters, the stage variables and the authorizer's result.
/// The pipeline fills it as the request goes; unknown variables resolve to an empty string, as in API Gateway.
/// </summary>
public sealed class InvocationContext
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The REST deployment being served, for its gateway responses; null for HTTP APIs.</summary>
    public DeploymentSnapshot? Snapshot { get; init; }

    public string RequestId { get; init; } = "";
    public string ExtendedRequestId { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string ApiId { get; init; } = "";
    public string Stage { get; init; } = "";
    public string DomainName { get; init; } = "";
    public string HttpMethod { get; init; } = "GET";

    /// <summary>The request path including the stage, e.g. <c>/api/news</c>.</summary>
    public string Path { get; init; } = "/";
    public string Protocol { get; init; } = "HTTP/1.1";
    public string SourceIp { get; init; } = "";
    public string UserAgent { get; init; } = "";
    public DateTimeOffset RequestTime { get; init; }

    public string ResourceId { get; set; } = "";

    /// <summary>The matched resource's path, e.g. <c>/users/{userId}</c>.</summary>
    public string ResourcePath { get; set; } = "";

    /// <summary>Request headers, case-insensitive; a repeated header is one comma-joined value.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = Empty;
    public IReadOnlyDictionary<string, string> Query { get; init; } = Empty;
    public IReadOnlyDictionary<string, string> PathParameters { get; set; } = Empty;
    public IReadOnlyDictionary<string, string> StageVariables { get; init; } = Empty;

    /// <summary>The request body as text (empty when there is none).</summary>
    public string Body { get; set; } = "";

    /// <summary>The authorizer's principal, or null without one.</summary>
    public string? PrincipalId { get; set; }

    /// <summary>The token's claims (a JSON object) once an authorizer allowed the request.</summary>
    public JsonElement? Claims { get; set; }

    /// <summary>
    /// The authorizer's whole answer once it allowed the request: a Lambda authorizer's <c>context</c> map
    /// (<c>$context.authorizer.key</c>, <c>requestContext.authorizer</c>) and <c>usageIdentifierKey</c>; null without one.
    /// </summary>
    public AuthorizerAllow? Authorizer { get; set; }

    public int Status { get; set; }
    public long ResponseLength { get; set; }
    public long IntegrationLatency { get; set; } = -1;
    public int? IntegrationStatus { get; set; }
    public string ErrorMessage { get; set; } = "";
    public string ErrorResponseType { get; set; } = "";

    /// <summary>A copy whose <c>$input</c> is <paramref name="body"/>: response templates read the backend's answer.</summary>
    public InvocationContext WithBody(string body)
    {
        var copy = (InvocationContext)MemberwiseClone();
        copy.Body = body;
        return copy;
    }

    /// <summary>
    /// A <c>context.*</c> variable without its prefix, e.g. <c>requestId</c>, <c>authorizer.claims.sub</c> or
    /// <c>identity.sourceIp</c>; null when there is no such variable.
    /// </summary>
    public string? Variable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        const string claims = "authorizer.claims.";
        if (name.StartsWith(claims, StringComparison.Ordinal))
        {
            return Claim(name[claims.Length..]);
        }

        if (Authorizer is { Context.Count: > 0 } allow && name.StartsWith("authorizer.", StringComparison.Ordinal)
            && name != "authorizer.principalId" && allow.Context.TryGetValue(name["authorizer.".Length..], out var contextValue))
        {
            return contextValue.ValueKind == JsonValueKind.String ? contextValue.GetString() : contextValue.GetRawText();
        }

        return name switch
        {
            "requestId" or "awsEndpointRequestId" => RequestId,
            "extendedRequestId" => ExtendedRequestId,
            "accountId" => AccountId,
            "apiId" => ApiId,
            "stage" => Stage,
            "domainName" => DomainName,
            "domainPrefix" => DomainName.Split('.')[0],
            "httpMethod" => HttpMethod,
            "path" => Path,
            "protocol" => Protocol,
            "resourceId" => ResourceId,
            "resourcePath" or "routeKey" => ResourcePath,
            "identity.sourceIp" => SourceIp,
            "identity.userAgent" => UserAgent,
            "requestTime" => RequestTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
            "requestTimeEpoch" => RequestTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            "authorizer.principalId" => PrincipalId,
            "status" => Status.ToString(CultureInfo.InvariantCulture),
            "responseLength" => ResponseLength.ToString(CultureInfo.InvariantCulture),
            "integrationLatency" or "integration.latency" => IntegrationLatency < 0 ? "-" : IntegrationLatency.ToString(CultureInfo.InvariantCulture),
            "integrationStatus" or "integration.status" => IntegrationStatus?.ToString(CultureInfo.InvariantCulture),
            "error.message" => ErrorMessage,
            "error.messageString" => JsonSerializer.Serialize(ErrorMessage, CoreJsonStrings.Default.String),
            "error.responseType" => ErrorResponseType,
            _ => null,
        };
    }

    /// <summary>
    /// A mapping expression's value (<c>method.request.header.X</c>, <c>method.request.querystring.X</c>,
    /// <c>method.request.path.X</c>, <c>context.X</c>, <c>stageVariables.X</c>, <c>'literal'</c>); null when it names
    /// nothing present.
    /// </summary>
    public string? Resolve(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Length >= 2 && expression[0] == '\'' && expression[^1] == '\'')
        {
            return expression[1..^1];
        }

        return Prefixed(expression, "method.request.header.") is { } header ? Headers.GetValueOrDefault(header)
            : Prefixed(expression, "method.request.querystring.") is { } query ? Query.GetValueOrDefault(query)
            : Prefixed(expression, "method.request.path.") is { } path ? PathParameters.GetValueOrDefault(path)
            : Prefixed(expression, "context.") is { } variable ? Variable(variable)
            : Prefixed(expression, "stageVariables.") is { } stageVariable ? StageVariables.GetValueOrDefault(stageVariable)
            : expression == "method.request.body" ? Body
            : null;
    }

    private string? Claim(string name)
    {
        if (Claims is not { ValueKind: JsonValueKind.Object } claims || !claims.TryGetProperty(name, out var value))
        {
            return null;
        }

        // Cognito authorizers hand claims on as strings: arrays as "[a b]", as API Gateway renders cognito:groups.
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => "[" + string.Join(' ', value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())) + "]",
            _ => value.GetRawText(),
        };
    }

    private static string? Prefixed(string expression, string prefix) =>
        expression.StartsWith(prefix, StringComparison.Ordinal) && expression.Length > prefix.Length ? expression[prefix.Length..] : null;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class CoreJsonStrings : System.Text.Json.Serialization.JsonSerializerContext;
