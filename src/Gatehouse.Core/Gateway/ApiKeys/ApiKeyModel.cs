using System.Text.Json.Serialization;

namespace Gatehouse.Core.Gateway.ApiKeys;

/// <summary>AWS's <c>ApiKey</c>; stored whole (document kind <c>apikey</c>), answered without <see cref="Value"/> unless asked.</summary>
public sealed class ApiKey
{
    public string? Id { get; set; }
    public string? Value { get; set; }
    public string? Name { get; set; }
    public string? CustomerId { get; set; }
    public string? Description { get; set; }
    public bool? Enabled { get; set; }
    public DateTimeOffset? CreatedDate { get; set; }
    public DateTimeOffset? LastUpdatedDate { get; set; }

    /// <summary><c>{restApiId}/{stageName}</c> of each stage the key was given (deprecated by AWS in favour of usage plans).</summary>
    public List<string>? StageKeys { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

/// <summary>AWS's <c>StageKey</c>: a stage named in <c>CreateApiKey</c>.</summary>
public sealed class StageKey
{
    public string? RestApiId { get; set; }
    public string? StageName { get; set; }
}

/// <summary>The body of <c>CreateApiKey</c>.</summary>
public sealed class CreateApiKeyInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool? Enabled { get; set; }
    public bool? GenerateDistinctId { get; set; }
    public string? Value { get; set; }
    public List<StageKey>? StageKeys { get; set; }
    public string? CustomerId { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

/// <summary>AWS's <c>ThrottleSettings</c>.</summary>
public sealed class ThrottleSettings
{
    public int? BurstLimit { get; set; }
    public double? RateLimit { get; set; }
}

/// <summary>AWS's <c>QuotaSettings</c>. <see cref="Offset"/> is the day a period starts: 0 for DAY, 0 (Sunday) to 6 for WEEK, 0 (the 1st) to 27 for MONTH.</summary>
public sealed class QuotaSettings
{
    public int? Limit { get; set; }
    public int? Offset { get; set; }
    public string? Period { get; set; }
}

/// <summary>AWS's <c>ApiStage</c>: a stage a usage plan covers, with per-method throttles keyed <c>/path/VERB</c>.</summary>
public sealed class ApiStage
{
    public string? ApiId { get; set; }
    public string? Stage { get; set; }
    public Dictionary<string, ThrottleSettings>? Throttle { get; set; }
}

/// <summary>AWS's <c>UsagePlan</c>.</summary>
public sealed class UsagePlan
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<ApiStage>? ApiStages { get; set; }
    public ThrottleSettings? Throttle { get; set; }
    public QuotaSettings? Quota { get; set; }
    public string? ProductCode { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

/// <summary>The body of <c>CreateUsagePlan</c>.</summary>
public sealed class CreateUsagePlanInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<ApiStage>? ApiStages { get; set; }
    public ThrottleSettings? Throttle { get; set; }
    public QuotaSettings? Quota { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

/// <summary>AWS's <c>UsagePlanKey</c>: an API key in a usage plan.</summary>
public sealed class UsagePlanKey
{
    public string? Id { get; set; }
    public string? Type { get; set; }
    public string? Value { get; set; }
    public string? Name { get; set; }
}

/// <summary>The body of <c>CreateUsagePlanKey</c>.</summary>
public sealed class CreateUsagePlanKeyInput
{
    public string? KeyId { get; set; }
    public string? KeyType { get; set; }
}

/// <summary>The stored usage plan (document kind <c>usageplan</c>): the plan and the ids of its API keys.</summary>
public sealed class UsagePlanDefinition
{
    public UsagePlan Plan { get; set; } = new();
    public List<string> KeyIds { get; set; } = [];

    [JsonIgnore]
    public string Id => Plan.Id!;
}
