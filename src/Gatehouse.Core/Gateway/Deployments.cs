namespace Gatehouse.Core.Gateway;

/// <summary>The body of <c>CreateDeployment</c>.</summary>
public sealed class CreateDeploymentInput
{
    public string? StageName { get; set; }
    public string? StageDescription { get; set; }
    public string? Description { get; set; }
    public bool? CacheClusterEnabled { get; set; }
    public string? CacheClusterSize { get; set; }
    public Dictionary<string, string>? Variables { get; set; }
    public bool? TracingEnabled { get; set; }

    /// <summary>A canary deployment; not supported, so refused rather than silently ignored.</summary>
    public CanarySettings? CanarySettings { get; set; }
}

/// <summary>
/// The rules of deployments: only an API whose every method has an integration can be deployed; a deployment freezes
/// the resources, methods, authorizers and gateway responses into a <see cref="DeploymentSnapshot"/>; a deployment a stage points at
/// cannot be deleted.
/// </summary>
public static class Deployments
{
    private static readonly PatchTable<Deployment> Patches = new PatchTable<Deployment>()
        .Property("/description", [PatchVerb.Replace], (d, _, v) => d.Description = string.IsNullOrEmpty(v) ? null : v, d => d.Description);

    public static Deployment Get(RestApiDefinition api, string deploymentId) =>
        api.Deployment(deploymentId) ?? throw ApiGatewayException.DeploymentNotFound();

    /// <summary>
    /// Deploys the API as it is now. With a stage name, the stage is created, or repointed at the new deployment
    /// (its variables merged with the given ones). Returns the snapshot to store.
    /// </summary>
    public static DeploymentSnapshot Create(RestApiDefinition api, CreateDeploymentInput input, IdGenerator ids, DateTimeOffset now)
    {
        Stages.CheckCacheClusterSize(input.CacheClusterSize, "createDeploymentInput.cacheClusterSize");
        if (input.CanarySettings is not null)
        {
            throw ApiGatewayException.BadRequest("Canary deployments are not supported by Gatehouse.");
        }

        var methods = api.Resources.SelectMany(r => r.ResourceMethods?.Values ?? Enumerable.Empty<Method>()).ToList();
        if (methods.Count == 0)
        {
            throw ApiGatewayException.BadRequest("The REST API doesn't contain any methods");
        }

        if (methods.Any(m => m.MethodIntegration is null))
        {
            throw ApiGatewayException.BadRequest("No integration defined for method");
        }

        Invocation.TemplateValidation.Check(api);

        var stageName = string.IsNullOrEmpty(input.StageName) ? null : input.StageName;
        if (stageName is not null)
        {
            Stages.CheckName(stageName);
        }

        Stages.CheckVariables(input.Variables);
        var deployment = new Deployment { Id = NewId(api, ids), Description = input.Description, CreatedDate = now };
        api.Deployments.Add(deployment);
        ResourceTree.ComputePaths(api);
        var frozen = RestApis.Copy(api, GatewayJson.Default.RestApiDefinition);
        var snapshot = new DeploymentSnapshot
        {
            RestApiId = api.Id,
            Deployment = new Deployment { Id = deployment.Id, Description = deployment.Description, CreatedDate = now },
            Api = frozen.Api,
            Resources = [.. ResourceTree.Ordered(frozen)],
            Authorizers = frozen.Authorizers,
            GatewayResponses = frozen.GatewayResponses,
        };

        if (stageName is not null)
        {
            if (api.Stage(stageName) is { } stage)
            {
                stage.DeploymentId = deployment.Id;
                stage.LastUpdatedDate = now;
                foreach (var (name, value) in input.Variables ?? [])
                {
                    (stage.Variables ??= [])[name] = value;
                }
            }
            else
            {
                api.Stages.Add(Stages.New(stageName, deployment.Id!, input.StageDescription, input.Variables, input.CacheClusterEnabled, input.CacheClusterSize, input.TracingEnabled, null, now));
            }
        }

        return snapshot;
    }

    public static Deployment Update(RestApiDefinition api, string deploymentId, IReadOnlyList<PatchOperation>? operations)
    {
        var deployment = Get(api, deploymentId);
        Patches.Apply(deployment, operations, "updateDeploymentInput");
        return deployment;
    }

    /// <summary>Removes the deployment's summary; the caller deletes its snapshot document.</summary>
    public static void Delete(RestApiDefinition api, string deploymentId)
    {
        var deployment = Get(api, deploymentId);
        if (api.Stages.Any(s => s.DeploymentId == deploymentId || s.CanarySettings?.DeploymentId == deploymentId))
        {
            throw ApiGatewayException.BadRequest("Active stages pointing to this deployment must be moved or deleted");
        }

        api.Deployments.Remove(deployment);
    }

    /// <summary>The <c>apiSummary</c> of <c>GetDeployment?embed=apisummary</c>: path, then verb, then auth settings.</summary>
    public static Dictionary<string, Dictionary<string, MethodSnapshot>> Summary(DeploymentSnapshot snapshot) =>
        snapshot.Resources
            .Where(r => r.ResourceMethods is { Count: > 0 })
            .ToDictionary(
                r => r.Path!,
                r => r.ResourceMethods!.ToDictionary(m => m.Key, m => new MethodSnapshot { AuthorizationType = m.Value.AuthorizationType, ApiKeyRequired = m.Value.ApiKeyRequired ?? false }));

    /// <summary>Deployments in listing order: oldest first.</summary>
    public static IEnumerable<Deployment> Ordered(RestApiDefinition api) => api.Deployments.OrderBy(Key, StringComparer.Ordinal);

    /// <summary>The sort and position key of a deployment: its date, then its id.</summary>
    public static string Key(Deployment deployment) =>
        $"{deployment.CreatedDate.GetValueOrDefault().ToUnixTimeSeconds().ToString("D12", System.Globalization.CultureInfo.InvariantCulture)}/{deployment.Id}";

    private static string NewId(RestApiDefinition api, IdGenerator ids)
    {
        string id;
        do
        {
            id = ids.NewGatewayChildId();
        }
        while (api.Deployment(id) is not null);

        return id;
    }
}
