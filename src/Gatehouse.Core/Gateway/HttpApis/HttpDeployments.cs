namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>The body of <c>CreateDeployment</c> and <c>UpdateDeployment</c>.</summary>
public sealed class HttpDeploymentInput
{
    public string? Description { get; set; }
    public string? StageName { get; set; }
}

/// <summary>
/// The rules of HTTP API deployments: a deployment freezes the routes, integrations, authorizers and CORS settings
/// into a <see cref="HttpApiDeploymentSnapshot"/>. Stages with <c>autoDeploy</c> get a new one after every change
/// (<see cref="AutoDeploy"/>); a deployment a stage points at cannot be deleted.
/// </summary>
public static class HttpDeployments
{
    public static HttpDeployment Get(HttpApiDefinition api, string deploymentId) =>
        api.Deployment(deploymentId) ?? throw HttpApiErrors.DeploymentNotFound(deploymentId);

    /// <summary>Deploys the API as it is now; with a stage name, that stage (which must exist) is pointed at it.</summary>
    public static HttpApiDeploymentSnapshot Create(HttpApiDefinition api, HttpDeploymentInput input, IdGenerator ids, DateTimeOffset now)
    {
        HttpStage? stage = null;
        if (!string.IsNullOrEmpty(input.StageName))
        {
            stage = HttpStages.Get(api, input.StageName);
        }

        var snapshot = Deploy(api, input.Description, autoDeployed: false, ids, now);
        if (stage is not null)
        {
            stage.DeploymentId = snapshot.Deployment.DeploymentId;
            stage.LastUpdatedDate = now;
        }

        return snapshot;
    }

    /// <summary>
    /// After a change to what a deployment freezes: when the API has <c>autoDeploy</c> stages, deploys it and points
    /// them at the new deployment. Returns the snapshot to store, or null when no stage deploys itself.
    /// </summary>
    public static HttpApiDeploymentSnapshot? AutoDeploy(HttpApiDefinition api, IdGenerator ids, DateTimeOffset now)
    {
        var stages = api.Stages.Where(s => s.AutoDeploy == true).ToList();
        if (stages.Count == 0)
        {
            return null;
        }

        var snapshot = Deploy(api, "Automatic deployment triggered by changes to the Api configuration", autoDeployed: true, ids, now);
        foreach (var stage in stages)
        {
            stage.DeploymentId = snapshot.Deployment.DeploymentId;
            stage.LastUpdatedDate = now;
            stage.LastDeploymentStatusMessage = $"Successfully deployed stage with deployment ID '{snapshot.Deployment.DeploymentId}'";
        }

        return snapshot;
    }

    /// <summary>
    /// Automatic deployments that no stage points at any more: their summaries are dropped here and the caller
    /// deletes their snapshots, so a busy auto-deployed API does not pile up documents.
    /// </summary>
    public static List<string> PruneAutomatic(HttpApiDefinition api)
    {
        var used = api.Stages.Select(s => s.DeploymentId).ToHashSet(StringComparer.Ordinal);
        var stale = api.Deployments.Where(d => d.AutoDeployed == true && !used.Contains(d.DeploymentId)).Select(d => d.DeploymentId!).ToList();
        api.Deployments.RemoveAll(d => stale.Contains(d.DeploymentId!));
        return stale;
    }

    public static HttpDeployment Update(HttpApiDefinition api, string deploymentId, HttpDeploymentInput input)
    {
        var deployment = Get(api, deploymentId);
        deployment.Description = input.Description ?? deployment.Description;
        return deployment;
    }

    /// <summary>Removes the deployment's summary; the caller deletes its snapshot document.</summary>
    public static void Delete(HttpApiDefinition api, string deploymentId)
    {
        var deployment = Get(api, deploymentId);
        if (api.Stages.Any(s => s.DeploymentId == deploymentId))
        {
            throw ApiGatewayException.BadRequest("Active stages pointing to this deployment must be moved or deleted");
        }

        api.Deployments.Remove(deployment);
    }

    private static HttpApiDeploymentSnapshot Deploy(HttpApiDefinition api, string? description, bool autoDeployed, IdGenerator ids, DateTimeOffset now)
    {
        var deployment = new HttpDeployment
        {
            DeploymentId = HttpRoutes.NewChildId(api, ids),
            AutoDeployed = autoDeployed,
            CreatedDate = now,
            DeploymentStatus = "DEPLOYED",
            Description = description,
        };
        api.Deployments.Add(deployment);
        var frozen = Copy(api);
        return new HttpApiDeploymentSnapshot
        {
            ApiId = api.Id,
            Deployment = Copy(deployment),
            Api = frozen.Api,
            Routes = frozen.Routes,
            Integrations = frozen.Integrations,
            Authorizers = frozen.Authorizers,
        };
    }

    private static HttpApiDefinition Copy(HttpApiDefinition api) =>
        RestApis.Copy(new HttpApiDefinition { Api = api.Api, Routes = api.Routes, Integrations = api.Integrations, Authorizers = api.Authorizers }, HttpApiJson.Default.HttpApiDefinition);

    private static HttpDeployment Copy(HttpDeployment deployment) =>
        new()
        {
            DeploymentId = deployment.DeploymentId,
            AutoDeployed = deployment.AutoDeployed,
            CreatedDate = deployment.CreatedDate,
            DeploymentStatus = deployment.DeploymentStatus,
            Description = deployment.Description,
        };
}
