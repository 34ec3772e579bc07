using System.Text.Json.Serialization;

namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>AWS's v2 <c>Api</c>: an HTTP API as management answers it.</summary>
public sealed class HttpApi
{
    public string? ApiEndpoint { get; set; }
    public string? ApiId { get; set; }
    public string? ApiKeySelectionExpression { get; set; }
    public Cors? CorsConfiguration { get; set; }
    public DateTimeOffset? CreatedDate { get; set; }
    public string? Description { get; set; }
    public bool? DisableSchemaValidation { get; set; }
    public bool? DisableExecuteApiEndpoint { get; set; }
    public List<string>? ImportInfo { get; set; }
    public string? IpAddressType { get; set; }
    public string? Name { get; set; }
    public string? ProtocolType { get; set; }
    public string? RouteSelectionExpression { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public string? Version { get; set; }
    public List<string>? Warnings { get; set; }
}

/// <summary>AWS's <c>Cors</c>: the API's CORS configuration, which the gateway answers preflights with.</summary>
public sealed class Cors
{
    public bool? AllowCredentials { get; set; }
    public List<string>? AllowHeaders { get; set; }
    public List<string>? AllowMethods { get; set; }
    public List<string>? AllowOrigins { get; set; }
    public List<string>? ExposeHeaders { get; set; }
    public int? MaxAge { get; set; }
}

/// <summary>AWS's v2 <c>Route</c>: a route key (<c>GET /users/{userId}</c> or <c>$default</c>) bound to an integration.</summary>
public sealed class HttpRoute
{
    public bool? ApiGatewayManaged { get; set; }
    public bool? ApiKeyRequired { get; set; }
    public List<string>? AuthorizationScopes { get; set; }

    /// <summary><c>NONE</c>, <c>JWT</c>, <c>CUSTOM</c> or <c>AWS_IAM</c>.</summary>
    public string? AuthorizationType { get; set; }
    public string? AuthorizerId { get; set; }
    public string? ModelSelectionExpression { get; set; }
    public string? OperationName { get; set; }
    public Dictionary<string, string>? RequestModels { get; set; }
    public Dictionary<string, ParameterConstraints>? RequestParameters { get; set; }
    public string? RouteId { get; set; }
    public string? RouteKey { get; set; }
    public string? RouteResponseSelectionExpression { get; set; }

    /// <summary><c>integrations/{integrationId}</c>, or null for a route that answers 404 until it gets one.</summary>
    public string? Target { get; set; }

    /// <summary>
    /// Gatehouse's extension, not AWS's: Cognito groups (<c>cognito:groups</c>) of which the caller must be in at least
    /// one. Set from the config file or OpenAPI's <c>x-gatehouse-groups</c>; a caller outside them gets 403
    /// <c>{"message":"User is not authorized to access this resource"}</c>.
    /// </summary>
    public List<string>? AuthorizationGroups { get; set; }

    /// <summary>The integration id of <see cref="Target"/>, or null.</summary>
    [JsonIgnore]
    public string? IntegrationId => Target is { } target && target.StartsWith(HttpRoutes.TargetPrefix, StringComparison.Ordinal) ? target[HttpRoutes.TargetPrefix.Length..] : null;
}

/// <summary>AWS's <c>ParameterConstraints</c>.</summary>
public sealed class ParameterConstraints
{
    public bool? Required { get; set; }
}

/// <summary>AWS's v2 <c>Integration</c>.</summary>
public sealed class HttpIntegration
{
    public bool? ApiGatewayManaged { get; set; }
    public string? ConnectionId { get; set; }

    /// <summary><c>INTERNET</c> or <c>VPC_LINK</c>.</summary>
    public string? ConnectionType { get; set; }
    public string? ContentHandlingStrategy { get; set; }
    public string? CredentialsArn { get; set; }
    public string? Description { get; set; }
    public string? IntegrationId { get; set; }
    public string? IntegrationMethod { get; set; }
    public string? IntegrationResponseSelectionExpression { get; set; }
    public string? IntegrationSubtype { get; set; }

    /// <summary><c>HTTP_PROXY</c> or <c>AWS_PROXY</c> for HTTP APIs.</summary>
    public string? IntegrationType { get; set; }
    public string? IntegrationUri { get; set; }
    public string? PassthroughBehavior { get; set; }

    /// <summary><c>1.0</c> or <c>2.0</c> (2.0 only for <c>AWS_PROXY</c>).</summary>
    public string? PayloadFormatVersion { get; set; }

    /// <summary>Parameter mapping, e.g. <c>append:header.x-user</c> = <c>$context.authorizer.claims.sub</c>.</summary>
    public Dictionary<string, string>? RequestParameters { get; set; }
    public Dictionary<string, string>? RequestTemplates { get; set; }
    public Dictionary<string, Dictionary<string, string>>? ResponseParameters { get; set; }
    public string? TemplateSelectionExpression { get; set; }

    /// <summary>50 to 30000; 30000 when not given.</summary>
    public int? TimeoutInMillis { get; set; }
    public TlsConfig? TlsConfig { get; set; }
}

/// <summary>AWS's <c>TlsConfig</c>.</summary>
public sealed class TlsConfig
{
    public string? ServerNameToVerify { get; set; }
}

/// <summary>AWS's v2 <c>Authorizer</c>.</summary>
public sealed class HttpAuthorizer
{
    public string? AuthorizerCredentialsArn { get; set; }
    public string? AuthorizerId { get; set; }
    public string? AuthorizerPayloadFormatVersion { get; set; }
    public int? AuthorizerResultTtlInSeconds { get; set; }

    /// <summary><c>JWT</c>, or <c>REQUEST</c> (a Lambda authorizer).</summary>
    public string? AuthorizerType { get; set; }
    public string? AuthorizerUri { get; set; }
    public bool? EnableSimpleResponses { get; set; }

    /// <summary>Where the token is, e.g. <c>$request.header.Authorization</c>.</summary>
    public List<string>? IdentitySource { get; set; }
    public string? IdentityValidationExpression { get; set; }
    public JwtConfiguration? JwtConfiguration { get; set; }
    public string? Name { get; set; }
}

/// <summary>AWS's <c>JWTConfiguration</c>: the issuer URL and the accepted audiences (<c>aud</c>, else <c>client_id</c>).</summary>
public sealed class JwtConfiguration
{
    public List<string>? Audience { get; set; }
    public string? Issuer { get; set; }
}

/// <summary>AWS's v2 <c>Stage</c>.</summary>
public sealed class HttpStage
{
    public AccessLogSettings? AccessLogSettings { get; set; }
    public bool? ApiGatewayManaged { get; set; }

    /// <summary>Every change to the API's routes, integrations, authorizers or CORS deploys to this stage at once.</summary>
    public bool? AutoDeploy { get; set; }
    public string? ClientCertificateId { get; set; }
    public DateTimeOffset? CreatedDate { get; set; }
    public RouteSettings? DefaultRouteSettings { get; set; }
    public string? DeploymentId { get; set; }
    public string? Description { get; set; }
    public string? LastDeploymentStatusMessage { get; set; }
    public DateTimeOffset? LastUpdatedDate { get; set; }

    /// <summary>Per route, keyed by route key (<c>GET /pets</c>).</summary>
    public Dictionary<string, RouteSettings>? RouteSettings { get; set; }

    /// <summary><c>$default</c> serves at the root (no stage segment in the path).</summary>
    public string? StageName { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

/// <summary>AWS's <c>RouteSettings</c>: throttling and logging of one route or of every route of a stage.</summary>
public sealed class RouteSettings
{
    public bool? DataTraceEnabled { get; set; }
    public bool? DetailedMetricsEnabled { get; set; }

    /// <summary><c>ERROR</c>, <c>INFO</c> or <c>OFF</c>.</summary>
    public string? LoggingLevel { get; set; }
    public int? ThrottlingBurstLimit { get; set; }
    public double? ThrottlingRateLimit { get; set; }
}

/// <summary>AWS's v2 <c>Deployment</c>.</summary>
public sealed class HttpDeployment
{
    public bool? AutoDeployed { get; set; }
    public DateTimeOffset? CreatedDate { get; set; }
    public string? DeploymentId { get; set; }

    /// <summary>Always <c>DEPLOYED</c>: Gatehouse deploys synchronously.</summary>
    public string? DeploymentStatus { get; set; }
    public string? DeploymentStatusMessage { get; set; }
    public string? Description { get; set; }
}

/// <summary>
/// The stored aggregate of one HTTP API (document kind <c>httpapi</c>): the API with its routes, integrations,
/// authorizers, stages and deployment summaries. Deployment snapshots are separate documents
/// (<see cref="HttpApiDeploymentSnapshot"/>).
/// </summary>
public sealed class HttpApiDefinition
{
    public HttpApi Api { get; set; } = new();
    public List<HttpRoute> Routes { get; set; } = [];
    public List<HttpIntegration> Integrations { get; set; } = [];
    public List<HttpAuthorizer> Authorizers { get; set; } = [];
    public List<HttpStage> Stages { get; set; } = [];
    public List<HttpDeployment> Deployments { get; set; } = [];

    [JsonIgnore]
    public string Id => Api.ApiId!;

    public HttpRoute? Route(string id) => Routes.Find(r => r.RouteId == id);

    public HttpIntegration? Integration(string id) => Integrations.Find(i => i.IntegrationId == id);

    public HttpAuthorizer? Authorizer(string id) => Authorizers.Find(a => a.AuthorizerId == id);

    public HttpStage? Stage(string name) => Stages.Find(s => s.StageName == name);

    public HttpDeployment? Deployment(string id) => Deployments.Find(d => d.DeploymentId == id);
}

/// <summary>
/// A deployment's frozen copy of the API (document kind <c>httpapi-deployment</c>, parent the API): what the gateway
/// serves for every stage that points at <see cref="Deployment"/>. Never changed after it is written.
/// </summary>
public sealed class HttpApiDeploymentSnapshot
{
    public string? ApiId { get; set; }
    public HttpDeployment Deployment { get; set; } = new();

    /// <summary>The API's settings at deployment time: CORS, <c>disableExecuteApiEndpoint</c>, ...</summary>
    public HttpApi Api { get; set; } = new();
    public List<HttpRoute> Routes { get; set; } = [];
    public List<HttpIntegration> Integrations { get; set; } = [];
    public List<HttpAuthorizer> Authorizers { get; set; } = [];

    public HttpIntegration? Integration(string id) => Integrations.Find(i => i.IntegrationId == id);

    public HttpAuthorizer? Authorizer(string id) => Authorizers.Find(a => a.AuthorizerId == id);
}

/// <summary>What the gateway serves for one stage of an HTTP API: the deployment's snapshot and the stage (variables, settings).</summary>
public sealed record DeployedHttpStage(HttpApiDeploymentSnapshot Snapshot, HttpStage Stage);
