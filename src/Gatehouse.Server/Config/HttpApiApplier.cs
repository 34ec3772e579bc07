using System.Text.Json;
using Gatehouse.Core;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Core.Storage;

namespace Gatehouse.Server.Config;

/// <summary>
/// Makes one declared HTTP API match the file through Core's v2 rules (the same as <c>apigatewayv2</c>'s), in the
/// caller's session. The file owns the API's settings, authorizers, routes and integrations: they are rebuilt as
/// declared, keeping their ids (authorizers by name, routes by route key, integrations by their route), so applying
/// the same file again changes nothing. Declared stages are created or updated, and deployed only when what they
/// serve differs from the API as declared; stages the file does not declare stay.
/// </summary>
internal sealed class HttpApiApplier(IdGenerator ids, TimeProvider time, List<string> changes)
{
    public async Task ApplyAsync(IStoreSession session, HttpApiDeclaration declared, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await HttpApiStore.FindAsync(session, declared.Id, cancellationToken).ConfigureAwait(false);
        var api = await PoolApplier.Guard(declared, () => Task.FromResult(Settings(current, declared, now))).ConfigureAwait(false);
        foreach (var (at, authorizer) in declared.Authorizers)
        {
            await PoolApplier.Guard(at, () => { PutAuthorizer(api, current, authorizer); return Task.CompletedTask; }).ConfigureAwait(false);
        }

        foreach (var route in declared.Routes)
        {
            await PoolApplier.Guard(route, () => { PutRoute(api, current, route); return Task.CompletedTask; }).ConfigureAwait(false);
        }

        var changed = current is null || Content(api) != Content(current);
        var snapshots = new List<HttpApiDeploymentSnapshot>();
        foreach (var (at, stage) in declared.Stages)
        {
            changed |= await PoolApplier.Guard(at, () => Task.FromResult(PutStage(api, stage, now, snapshots))).ConfigureAwait(false);
        }

        changed |= await PoolApplier.Guard(declared, () => DeployAsync(session, api, declared, changed, now, snapshots, cancellationToken)).ConfigureAwait(false);
        if (!changed)
        {
            return;
        }

        // Automatic deployments no stage uses any more go, including any made and superseded during this apply.
        foreach (var stale in HttpDeployments.PruneAutomatic(api))
        {
            if (!snapshots.Any(s => s.Deployment.DeploymentId == stale))
            {
                await HttpApiStore.DeleteDeploymentAsync(session, api.Id, stale, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var snapshot in snapshots.Where(s => api.Deployment(s.Deployment.DeploymentId!) is not null))
        {
            await HttpApiStore.SaveDeploymentAsync(session, snapshot, cancellationToken).ConfigureAwait(false);
        }

        await HttpApiStore.SaveAsync(session, api, cancellationToken).ConfigureAwait(false);
        changes.Add((current is null ? "created" : "updated") + $" HTTP API {api.Id}");
    }

    /// <summary>A fresh API from the declared settings (validated as CreateApi does), with the current API's stages and deployments.</summary>
    private HttpApiDefinition Settings(HttpApiDefinition? current, HttpApiDeclaration declared, DateTimeOffset now)
    {
        var (api, _) = HttpApis.Create(declared.Settings, ids, declared.Id, now);
        if (current is not null)
        {
            api.Api.CreatedDate = current.Api.CreatedDate;
            api.Stages = current.Stages;
            api.Deployments = current.Deployments;
        }

        return api;
    }

    private void PutAuthorizer(HttpApiDefinition api, HttpApiDefinition? current, HttpAuthorizer declared)
    {
        var authorizer = HttpAuthorizers.Create(api, Copy(declared, HttpApiJson.Default.HttpAuthorizer), ids);
        if (current?.Authorizers.Find(a => a.Name == declared.Name) is { } existing)
        {
            authorizer.AuthorizerId = existing.AuthorizerId;
        }
    }

    private void PutRoute(HttpApiDefinition api, HttpApiDefinition? current, HttpRouteDeclaration declared)
    {
        var existing = current?.Routes.Find(r => r.RouteKey == declared.Input.RouteKey);
        var integration = HttpIntegrations.Create(api, Copy(declared.Integration, HttpApiJson.Default.HttpIntegration), ids);
        if (existing?.IntegrationId is { } integrationId && api.Integration(integrationId) is null)
        {
            integration.IntegrationId = integrationId;
        }

        var input = Copy(declared.Input, HttpApiJson.Default.HttpRoute);
        input.Target = HttpRoutes.TargetPrefix + integration.IntegrationId;
        if (declared.AuthorizerName is { } name)
        {
            input.AuthorizerId = api.Authorizers.Find(a => a.Name == name)!.AuthorizerId;
        }

        var route = HttpRoutes.Create(api, input, ids);
        if (existing is not null)
        {
            route.RouteId = existing.RouteId;
        }
    }

    /// <summary>Creates the stage, or updates it when its settings differ from the file; returns whether it changed.</summary>
    private bool PutStage(HttpApiDefinition api, HttpStage declared, DateTimeOffset now, List<HttpApiDeploymentSnapshot> snapshots)
    {
        HttpApiDeploymentSnapshot? snapshot;
        var variables = declared.StageVariables ?? [];
        var description = string.IsNullOrEmpty(declared.Description) ? null : declared.Description;
        if (api.Stage(declared.StageName!) is not { } stage)
        {
            HttpStages.Create(api, new HttpStage { StageName = declared.StageName, AutoDeploy = declared.AutoDeploy, Description = description, StageVariables = variables }, ids, now, out snapshot);
        }
        else
        {
            var same = stage.AutoDeploy == declared.AutoDeploy
                && (string.IsNullOrEmpty(stage.Description) ? null : stage.Description) == description
                && (stage.StageVariables ?? []).Count == variables.Count
                && variables.All(v => stage.StageVariables!.GetValueOrDefault(v.Key) == v.Value);
            if (same)
            {
                return false;
            }

            var updated = HttpStages.Update(api, stage.StageName!, new HttpStage { AutoDeploy = declared.AutoDeploy, StageVariables = variables }, ids, now, out snapshot);
            updated.Description = description;
        }

        if (snapshot is not null)
        {
            snapshots.Add(snapshot);
        }

        return true;
    }

    /// <summary>
    /// Deploys when a declared stage serves something else than the API as declared: <c>autoDeploy</c> stages (with
    /// any other auto-deployed stage, as AWS would after a change) through an automatic deployment, the others
    /// through one deployment. Returns whether anything was deployed.
    /// </summary>
    private async Task<bool> DeployAsync(
        IStoreSession session, HttpApiDefinition api, HttpApiDeclaration declared, bool changed, DateTimeOffset now, List<HttpApiDeploymentSnapshot> snapshots, CancellationToken cancellationToken)
    {
        var desired = Content(api);
        var stale = new List<HttpStage>();
        foreach (var (_, input) in declared.Stages)
        {
            var stage = api.Stage(input.StageName!)!;
            var snapshot = stage.DeploymentId is not { } deploymentId
                ? null
                : snapshots.Find(s => s.Deployment.DeploymentId == deploymentId)
                    ?? await HttpApiStore.FindDeploymentAsync(session, api.Id, deploymentId, cancellationToken).ConfigureAwait(false);
            if (snapshot is null || Content(new HttpApiDefinition { Api = snapshot.Api, Routes = snapshot.Routes, Integrations = snapshot.Integrations, Authorizers = snapshot.Authorizers }) != desired)
            {
                stale.Add(stage);
            }
        }

        // A change reaches every autoDeploy stage, declared or made with the CLI, as apigatewayv2 does it.
        var automatic = (changed || stale.Any(s => s.AutoDeploy == true)) && api.Stages.Any(s => s.AutoDeploy == true && !Serves(snapshots, s, api));
        if (stale.Count == 0 && !automatic)
        {
            return false;
        }

        if (automatic && HttpDeployments.AutoDeploy(api, ids, now) is { } autoDeployed)
        {
            snapshots.Add(autoDeployed);
        }

        var manual = stale.Where(s => s.AutoDeploy != true).ToList();
        if (manual.Count > 0)
        {
            var deployment = HttpDeployments.Create(api, new HttpDeploymentInput { Description = "gatehouse.yaml" }, ids, now);
            snapshots.Add(deployment);
            foreach (var stage in manual)
            {
                stage.DeploymentId = deployment.Deployment.DeploymentId;
                stage.LastUpdatedDate = now;
            }
        }

        var deployed = automatic ? api.Stages.Where(s => s.AutoDeploy == true).Concat(manual) : manual;
        changes.Add($"deployed HTTP API {api.Id} to {string.Join(", ", deployed.Select(s => s.StageName))}");
        return true;
    }

    /// <summary>Whether the stage already points at a deployment made during this apply (so it serves the API as declared).</summary>
    private static bool Serves(List<HttpApiDeploymentSnapshot> snapshots, HttpStage stage, HttpApiDefinition api) =>
        snapshots.Count > 0 && stage.DeploymentId == snapshots[^1].Deployment.DeploymentId && api.Deployment(stage.DeploymentId!) is not null;

    /// <summary>What a deployment freezes, as JSON: the settings, routes, integrations and authorizers.</summary>
    private static string Content(HttpApiDefinition api)
    {
        var copy = Copy(new HttpApiDefinition { Api = api.Api, Routes = api.Routes, Integrations = api.Integrations, Authorizers = api.Authorizers }, HttpApiJson.Default.HttpApiDefinition);
        copy.Api.ApiEndpoint = null;
        return JsonSerializer.Serialize(copy, HttpApiJson.Default.HttpApiDefinition);
    }

    private static T Copy<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) => RestApis.Copy(value, info);
}
