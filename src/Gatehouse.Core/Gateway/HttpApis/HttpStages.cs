using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>
/// The rules of HTTP API stages: <c>$default</c> or a name of letters, digits, <c>-</c> and <c>_</c>; a stage points
/// at a deployment of its API; an <c>autoDeploy</c> stage is deployed at once and after every change.
/// </summary>
public static partial class HttpStages
{
    private static readonly string[] LoggingLevels = ["ERROR", "INFO", "OFF"];

    public static HttpStage Get(HttpApiDefinition api, string stageName) => api.Stage(stageName) ?? throw HttpApiErrors.StageNotFound();

    /// <summary>Adds a stage; an <c>autoDeploy</c> stage without a deployment gets one, returned in <paramref name="snapshot"/>.</summary>
    public static HttpStage Create(HttpApiDefinition api, HttpStage input, IdGenerator ids, DateTimeOffset now, out HttpApiDeploymentSnapshot? snapshot)
    {
        HttpApiErrors.Require(input.StageName, "stageName");
        if (input.StageName != HttpApis.DefaultStage && !StageName().IsMatch(input.StageName!))
        {
            throw ApiGatewayException.BadRequest($"Invalid stage name {input.StageName}: it must be $default or 1 to 128 letters, digits, hyphens and underscores.");
        }

        if (api.Stage(input.StageName!) is not null)
        {
            throw ApiGatewayException.Conflict($"Stage {input.StageName} already exists");
        }

        var stage = new HttpStage
        {
            StageName = input.StageName,
            AccessLogSettings = input.AccessLogSettings,
            AutoDeploy = input.AutoDeploy ?? false,
            ClientCertificateId = input.ClientCertificateId,
            CreatedDate = now,
            LastUpdatedDate = now,
            DefaultRouteSettings = input.DefaultRouteSettings ?? new RouteSettings { DetailedMetricsEnabled = false },
            DeploymentId = input.DeploymentId,
            Description = input.Description,
            RouteSettings = input.RouteSettings ?? [],
            StageVariables = input.StageVariables ?? [],
            Tags = input.Tags ?? [],
        };
        Check(api, stage);
        api.Stages.Add(stage);
        snapshot = stage.AutoDeploy == true ? HttpDeployments.AutoDeploy(api, ids, now) : null;
        return stage;
    }

    /// <summary>Applies <c>UpdateStage</c>; turning <c>autoDeploy</c> on deploys at once (the snapshot to store).</summary>
    public static HttpStage Update(HttpApiDefinition api, string stageName, HttpStage input, IdGenerator ids, DateTimeOffset now, out HttpApiDeploymentSnapshot? snapshot)
    {
        var stage = Get(api, stageName);
        var wasAutoDeploy = stage.AutoDeploy == true;
        var updated = new HttpStage
        {
            StageName = stage.StageName,
            ApiGatewayManaged = stage.ApiGatewayManaged,
            CreatedDate = stage.CreatedDate,
            LastUpdatedDate = now,
            Tags = stage.Tags,
            AccessLogSettings = input.AccessLogSettings ?? stage.AccessLogSettings,
            AutoDeploy = input.AutoDeploy ?? stage.AutoDeploy,
            ClientCertificateId = input.ClientCertificateId ?? stage.ClientCertificateId,
            DefaultRouteSettings = input.DefaultRouteSettings ?? stage.DefaultRouteSettings,
            DeploymentId = input.DeploymentId ?? stage.DeploymentId,
            Description = input.Description ?? stage.Description,
            RouteSettings = input.RouteSettings ?? stage.RouteSettings,
            StageVariables = input.StageVariables ?? stage.StageVariables,
            LastDeploymentStatusMessage = stage.LastDeploymentStatusMessage,
        };
        Check(api, updated);
        api.Stages[api.Stages.IndexOf(stage)] = updated;
        snapshot = updated.AutoDeploy == true && !wasAutoDeploy ? HttpDeployments.AutoDeploy(api, ids, now) : null;
        return updated;
    }

    public static void Delete(HttpApiDefinition api, string stageName) => api.Stages.Remove(Get(api, stageName));

    private static void Check(HttpApiDefinition api, HttpStage stage)
    {
        if (stage.DeploymentId is { } deploymentId && api.Deployment(deploymentId) is null)
        {
            throw HttpApiErrors.DeploymentNotFound(deploymentId);
        }

        HttpApiErrors.RequireNoNulls(stage.StageVariables?.Values, "stageVariables");
        HttpApiErrors.RequireNoNulls(stage.RouteSettings?.Values, "routeSettings");
        HttpApiErrors.RequireNoNulls(stage.Tags?.Values, "tags");
        foreach (var (name, value) in stage.StageVariables ?? [])
        {
            if (!VariableName().IsMatch(name))
            {
                throw ApiGatewayException.BadRequest($"Invalid stage variable name {name}: only letters, digits and underscores are allowed.");
            }

            if (value.Length > 2048)
            {
                throw ApiGatewayException.BadRequest($"Invalid stage variable value for {name}: at most 2048 characters.");
            }
        }

        foreach (var (key, settings) in (stage.RouteSettings ?? []).Append(new("*", stage.DefaultRouteSettings ?? new RouteSettings())))
        {
            if (key != "*" && HttpRoutes.RouteKeyError(key) is not null)
            {
                throw ApiGatewayException.BadRequest($"Invalid route settings key {key}: it must be a route key.");
            }

            HttpApiErrors.RequireOneOf(settings.LoggingLevel, "loggingLevel", LoggingLevels);
            if (settings.ThrottlingBurstLimit is < 0 || settings.ThrottlingRateLimit is < 0)
            {
                throw ApiGatewayException.BadRequest("Throttling limits must not be negative.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex StageName();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex VariableName();
}
