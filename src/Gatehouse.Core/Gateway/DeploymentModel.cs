namespace Gatehouse.Core.Gateway;

/// <summary>AWS's <c>Deployment</c>. <see cref="ApiSummary"/> (path, then verb) is filled only when asked for.</summary>
public sealed class Deployment
{
    public string? Id { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset? CreatedDate { get; set; }
    public Dictionary<string, Dictionary<string, MethodSnapshot>>? ApiSummary { get; set; }
}

/// <summary>AWS's <c>MethodSnapshot</c>.</summary>
public sealed class MethodSnapshot
{
    public string? AuthorizationType { get; set; }
    public bool? ApiKeyRequired { get; set; }
}

/// <summary>
/// A deployment's frozen copy of the API (document kind <c>restapi-deployment</c>, parent the API): what the gateway
/// serves for every stage that points at <see cref="Deployment"/>. Never changed after it is written.
/// </summary>
public sealed class DeploymentSnapshot
{
    public string? RestApiId { get; set; }
    public Deployment Deployment { get; set; } = new();

    /// <summary>The API's settings at deployment time (binary media types, API key source, ...).</summary>
    public RestApi Api { get; set; } = new();

    /// <summary>Every resource with its <see cref="Resource.Path"/> and full methods, integrations and responses.</summary>
    public List<Resource> Resources { get; set; } = [];
    public List<Authorizer> Authorizers { get; set; } = [];

    /// <summary>The customised gateway responses at deployment time; render with <see cref="GatewayResponses.Render(DeploymentSnapshot, string, GatewayErrorContext)"/>.</summary>
    public List<GatewayResponse> GatewayResponses { get; set; } = [];
}

/// <summary>AWS's <c>Stage</c>: a named pointer at a deployment, with its variables and per-method settings.</summary>
public sealed class Stage
{
    public string? DeploymentId { get; set; }
    public string? ClientCertificateId { get; set; }
    public string? StageName { get; set; }
    public string? Description { get; set; }
    public bool? CacheClusterEnabled { get; set; }
    public string? CacheClusterSize { get; set; }
    public string? CacheClusterStatus { get; set; }

    /// <summary>
    /// Keyed <c>*/*</c> for the whole stage, or <c>{resource path with / as ~1}/{VERB}</c> for one method
    /// (e.g. <c>~1news/DELETE</c>).
    /// </summary>
    public Dictionary<string, MethodSetting>? MethodSettings { get; set; }
    public Dictionary<string, string>? Variables { get; set; }
    public string? DocumentationVersion { get; set; }
    public AccessLogSettings? AccessLogSettings { get; set; }
    public CanarySettings? CanarySettings { get; set; }
    public bool? TracingEnabled { get; set; }
    public string? WebAclArn { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public DateTimeOffset? CreatedDate { get; set; }
    public DateTimeOffset? LastUpdatedDate { get; set; }
}

/// <summary>AWS's <c>MethodSetting</c>.</summary>
public sealed class MethodSetting
{
    public bool? MetricsEnabled { get; set; }
    public string? LoggingLevel { get; set; }
    public bool? DataTraceEnabled { get; set; }
    public int? ThrottlingBurstLimit { get; set; }
    public double? ThrottlingRateLimit { get; set; }
    public bool? CachingEnabled { get; set; }
    public int? CacheTtlInSeconds { get; set; }
    public bool? CacheDataEncrypted { get; set; }
    public bool? RequireAuthorizationForCacheControl { get; set; }
    public string? UnauthorizedCacheControlHeaderStrategy { get; set; }
}

/// <summary>AWS's <c>AccessLogSettings</c>.</summary>
public sealed class AccessLogSettings
{
    public string? Format { get; set; }
    public string? DestinationArn { get; set; }
}

/// <summary>AWS's <c>CanarySettings</c>; kept and echoed, not served.</summary>
public sealed class CanarySettings
{
    public double? PercentTraffic { get; set; }
    public string? DeploymentId { get; set; }
    public Dictionary<string, string>? StageVariableOverrides { get; set; }
    public bool? UseStageCache { get; set; }
}

/// <summary>What the gateway serves for one stage: the deployment's snapshot with the stage's variables and settings.</summary>
public sealed record DeployedStage(DeploymentSnapshot Snapshot, Stage Stage);
