using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway;

/// <summary>
/// The rules of stages: a stage points at an existing deployment, its name and variables follow AWS's syntax, and
/// <c>UpdateStage</c> edits variables, access logging and per-method settings (<c>/*/*/throttling/rateLimit</c>,
/// <c>/~1news/DELETE/throttling/burstLimit</c>, ...).
/// </summary>
public static partial class Stages
{
    private static readonly string[] CacheClusterSizes = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];

    public static Stage Get(RestApiDefinition api, string stageName) =>
        api.Stage(stageName) ?? throw ApiGatewayException.StageNotFound();

    /// <summary>Stages in listing order: by name.</summary>
    public static IEnumerable<Stage> Ordered(RestApiDefinition api) => api.Stages.OrderBy(s => s.StageName, StringComparer.Ordinal);

    /// <summary>Adds a stage; <paramref name="input"/> is CreateStage's body.</summary>
    public static Stage Create(RestApiDefinition api, Stage input, DateTimeOffset now)
    {
        ApiGatewayException.ThrowIfNull(input.StageName, "createStageInput.stageName");
        ApiGatewayException.ThrowIfNull(input.DeploymentId, "createStageInput.deploymentId");
        ApiGatewayException.ThrowIfNullItem(input.Tags?.Values, "createStageInput.tags");
        ApiGatewayException.ThrowIfNullItem(input.CanarySettings?.StageVariableOverrides?.Values, "createStageInput.canarySettings.stageVariableOverrides");
        CheckCacheClusterSize(input.CacheClusterSize, "createStageInput.cacheClusterSize");
        CheckName(input.StageName);
        if (input.DeploymentId is null || api.Deployment(input.DeploymentId) is null)
        {
            throw ApiGatewayException.DeploymentNotFound();
        }

        if (api.Stage(input.StageName!) is not null)
        {
            throw ApiGatewayException.Conflict("Stage already exists");
        }

        CheckVariables(input.Variables);
        var stage = New(input.StageName!, input.DeploymentId, input.Description, input.Variables, input.CacheClusterEnabled, input.CacheClusterSize, input.TracingEnabled, input.Tags, now);
        stage.DocumentationVersion = input.DocumentationVersion;
        stage.CanarySettings = input.CanarySettings;
        api.Stages.Add(stage);
        return stage;
    }

    public static Stage New(
        string name, string deploymentId, string? description, Dictionary<string, string>? variables, bool? cacheClusterEnabled, string? cacheClusterSize,
        bool? tracingEnabled, Dictionary<string, string>? tags, DateTimeOffset now)
    {
        var cached = cacheClusterEnabled ?? false;
        return new Stage
        {
            StageName = name,
            DeploymentId = deploymentId,
            Description = string.IsNullOrEmpty(description) ? null : description,
            CacheClusterEnabled = cached,
            CacheClusterSize = cached ? cacheClusterSize ?? "0.5" : cacheClusterSize,
            CacheClusterStatus = cached ? "AVAILABLE" : "NOT_AVAILABLE",
            MethodSettings = [],
            Variables = variables is { Count: > 0 } ? new Dictionary<string, string>(variables, StringComparer.Ordinal) : null,
            TracingEnabled = tracingEnabled ?? false,
            Tags = tags is { Count: > 0 } ? tags : null,
            CreatedDate = now,
            LastUpdatedDate = now,
        };
    }

    public static void Delete(RestApiDefinition api, string stageName) => api.Stages.Remove(Get(api, stageName));

    public static Stage Update(RestApiDefinition api, string stageName, IReadOnlyList<PatchOperation>? operations, DateTimeOffset now)
    {
        var stage = Get(api, stageName);
        var table = StagePatches.Table(api);
        foreach (var (verb, op) in PatchTable.Parse(operations, "updateStageInput"))
        {
            if (!table.Handles(op.Path) && StagePatches.TryMethodSetting(stage, verb, op))
            {
                continue;
            }

            table.Apply(stage, verb, op);
        }

        stage.Variables = stage.Variables is { Count: 0 } ? null : stage.Variables;
        stage.LastUpdatedDate = now;
        return stage;
    }

    public static void CheckName(string? name)
    {
        if (name is null || !StageName().IsMatch(name))
        {
            throw ApiGatewayException.BadRequest("Stage name only allows a-zA-Z0-9_-");
        }
    }

    public static void CheckCacheClusterSize(string? size, string member)
    {
        if (size is not null && !CacheClusterSizes.Contains(size))
        {
            throw ApiGatewayException.Validation([ApiGatewayException.EnumClause(size, member, string.Join(", ", CacheClusterSizes))]);
        }
    }

    public static void CheckVariables(Dictionary<string, string>? variables)
    {
        foreach (var (name, value) in variables ?? [])
        {
            CheckVariable(name, value);
        }
    }

    public static void CheckVariable(string name, string? value)
    {
        if (!VariableName().IsMatch(name))
        {
            throw ApiGatewayException.BadRequest($"Stage variable name {name} is invalid: names may only contain alphanumeric characters and underscores, up to 64");
        }

        if (value is null || !VariableValue().IsMatch(value))
        {
            throw ApiGatewayException.BadRequest($"Stage variable value {value ?? "null"} is invalid: values must match [A-Za-z0-9-._~:/?#&=,]+, up to 512");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,128}$")]
    private static partial Regex StageName();

    [GeneratedRegex("^[a-zA-Z0-9_]{1,64}$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^[A-Za-z0-9\\-._~:/?#&=,]{1,512}$")]
    private static partial Regex VariableValue();
}
