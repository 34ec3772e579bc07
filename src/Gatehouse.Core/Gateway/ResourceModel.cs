namespace Gatehouse.Core.Gateway;

/// <summary>AWS's <c>Resource</c>: one node of the path tree. <see cref="Path"/> is recomputed on every tree change.</summary>
public sealed class Resource
{
    public string? Id { get; set; }
    public string? ParentId { get; set; }
    public string? PathPart { get; set; }
    public string? Path { get; set; }

    /// <summary>The resource's methods by HTTP verb (<c>GET</c>, ..., <c>ANY</c>).</summary>
    public Dictionary<string, Method>? ResourceMethods { get; set; }
}

/// <summary>AWS's <c>Method</c>: a verb on a resource, with its request settings, responses and integration.</summary>
public sealed class Method
{
    public string? HttpMethod { get; set; }
    public string? AuthorizationType { get; set; }
    public string? AuthorizerId { get; set; }
    public bool? ApiKeyRequired { get; set; }
    public string? RequestValidatorId { get; set; }
    public string? OperationName { get; set; }
    public Dictionary<string, bool>? RequestParameters { get; set; }
    public Dictionary<string, string>? RequestModels { get; set; }
    public Dictionary<string, MethodResponse>? MethodResponses { get; set; }
    public Integration? MethodIntegration { get; set; }

    /// <summary>OAuth scopes a COGNITO_USER_POOLS authorizer requires of an access token; one of them is enough.</summary>
    public List<string>? AuthorizationScopes { get; set; }

    /// <summary>
    /// Gatehouse's extension, not AWS's: Cognito groups (<c>cognito:groups</c>) of which the caller must be in at least
    /// one. Set from the config file (<c>groups</c>) or OpenAPI's <c>x-gatehouse-groups</c>; a caller outside them gets
    /// 403 <c>{"message":"User is not authorized to access this resource"}</c>.
    /// </summary>
    public List<string>? AuthorizationGroups { get; set; }
}

/// <summary>AWS's <c>MethodResponse</c>.</summary>
public sealed class MethodResponse
{
    public string? StatusCode { get; set; }
    public Dictionary<string, bool>? ResponseParameters { get; set; }
    public Dictionary<string, string>? ResponseModels { get; set; }
}

/// <summary>AWS's <c>Integration</c>: where a method sends the request (MOCK, HTTP, HTTP_PROXY, AWS, AWS_PROXY).</summary>
public sealed class Integration
{
    public string? Type { get; set; }

    /// <summary>The verb sent to the backend; on the wire of PutIntegration it is the body's <c>httpMethod</c>.</summary>
    public string? HttpMethod { get; set; }
    public string? Uri { get; set; }
    public string? ConnectionType { get; set; }
    public string? ConnectionId { get; set; }
    public string? Credentials { get; set; }
    public Dictionary<string, string>? RequestParameters { get; set; }
    public Dictionary<string, string?>? RequestTemplates { get; set; }
    public string? PassthroughBehavior { get; set; }
    public string? ContentHandling { get; set; }
    public int? TimeoutInMillis { get; set; }
    public string? CacheNamespace { get; set; }
    public List<string>? CacheKeyParameters { get; set; }
    public Dictionary<string, IntegrationResponse>? IntegrationResponses { get; set; }
    public TlsConfig? TlsConfig { get; set; }
    public string? ResponseTransferMode { get; set; }
    public string? IntegrationTarget { get; set; }
}

/// <summary>AWS's <c>IntegrationResponse</c>: maps a backend answer (by <see cref="SelectionPattern"/>) to a method response.</summary>
public sealed class IntegrationResponse
{
    public string? StatusCode { get; set; }
    public string? SelectionPattern { get; set; }
    public Dictionary<string, string>? ResponseParameters { get; set; }
    public Dictionary<string, string?>? ResponseTemplates { get; set; }
    public string? ContentHandling { get; set; }
}

/// <summary>AWS's <c>TlsConfig</c>.</summary>
public sealed class TlsConfig
{
    public bool? InsecureSkipVerification { get; set; }
}

/// <summary>AWS's <c>Authorizer</c> (TOKEN, REQUEST or COGNITO_USER_POOLS).</summary>
public sealed class Authorizer
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }

    /// <summary>For COGNITO_USER_POOLS: <c>arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}</c>, one per pool.</summary>
    public List<string>? ProviderARNs { get; set; }
    public string? AuthType { get; set; }
    public string? AuthorizerUri { get; set; }
    public string? AuthorizerCredentials { get; set; }

    /// <summary>Where the token is, e.g. <c>method.request.header.Authorization</c>.</summary>
    public string? IdentitySource { get; set; }
    public string? IdentityValidationExpression { get; set; }
    public int? AuthorizerResultTtlInSeconds { get; set; }
}
