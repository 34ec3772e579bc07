using System.Text.Json;
using Gatehouse.Core;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Storage;

namespace Gatehouse.Server.Config;

/// <summary>
/// Makes one declared REST API match the file through Core's v1 rules (the same as the management API's), in the
/// caller's session: the API's settings, authorizers (matched by name, so their ids stay), resources and methods (the
/// file owns them: undeclared ones go), then a deployment to each declared stage, only when what the stage serves
/// differs from the API as declared.
/// </summary>
internal sealed class RestApiApplier(IdGenerator ids, TimeProvider time, List<string> changes)
{
    public async Task ApplyAsync(IStoreSession session, RestApiDeclaration declared, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await RestApiStore.FindAsync(session, declared.Id, cancellationToken).ConfigureAwait(false);
        var before = current is null ? null : Json(current);
        var api = await PoolApplier.Guard(declared, () => Task.FromResult(Settings(current, declared, now))).ConfigureAwait(false);
        foreach (var (at, authorizer) in declared.Authorizers)
        {
            await PoolApplier.Guard(at, () => { PutAuthorizer(api, authorizer); return Task.CompletedTask; }).ConfigureAwait(false);
        }

        foreach (var resource in api.Resources)
        {
            resource.ResourceMethods = null;
        }

        foreach (var method in declared.Methods)
        {
            await PoolApplier.Guard(method, () => { PutMethod(api, method); return Task.CompletedTask; }).ConfigureAwait(false);
        }

        Prune(api, declared);
        ResourceTree.ComputePaths(api);
        var changed = current is null || Json(api) != before;
        if (declared.Stages.Count > 0)
        {
            changed |= await PoolApplier.Guard(declared, () => DeployAsync(session, api, declared, now, cancellationToken)).ConfigureAwait(false);
        }

        if (changed)
        {
            await RestApiStore.SaveAsync(session, api, cancellationToken).ConfigureAwait(false);
            changes.Add((current is null ? "created" : "updated") + $" REST API {api.Id}");
        }
    }

    private RestApiDefinition Settings(RestApiDefinition? current, RestApiDeclaration declared, DateTimeOffset now)
    {
        // Creating validates the settings exactly as CreateRestApi does; an existing API takes the new settings.
        var created = RestApis.Create(declared.Settings, null, ids, declared.Id, now);
        if (current is null)
        {
            return created;
        }

        created.Api.CreatedDate = current.Api.CreatedDate;
        created.Api.RootResourceId = current.Api.RootResourceId;
        current.Api = created.Api;
        return current;
    }

    private void PutAuthorizer(RestApiDefinition api, Authorizer declared)
    {
        var existing = api.Authorizers.FindIndex(a => a.Name == declared.Name);
        var input = RestApis.Copy(new RestApiDefinition { Authorizers = [declared] }, GatewayJson.Default.RestApiDefinition).Authorizers[0];
        var created = AuthorizerRules.Create(api, input, ids);
        if (existing >= 0)
        {
            api.Authorizers.Remove(created);
            created.Id = api.Authorizers[existing].Id;
            api.Authorizers[existing] = created;
        }
    }

    private void PutMethod(RestApiDefinition api, MethodDeclaration declared)
    {
        var resource = EnsureResource(api, declared.Path);
        var input = Copy(declared.Input);
        if (declared.AuthorizerName is { } name)
        {
            input.AuthorizerId = api.Authorizers.Find(a => a.Name == name)!.Id;
        }

        var method = Methods.Put(api, resource.Id!, declared.HttpMethod, input);
        if (input.AuthorizationGroups is { Count: > 0 } groups)
        {
            if (method.AuthorizationType != "COGNITO_USER_POOLS")
            {
                throw ApiGatewayException.BadRequest("groups need a COGNITO_USER_POOLS authorizer on the method.");
            }

            method.AuthorizationGroups = groups;
        }

        Integrations.Put(api, resource.Id!, declared.HttpMethod, Copy(declared.Integration));
        foreach (var response in declared.Responses)
        {
            var headers = response.ResponseParameters?.Keys.Where(k => k.StartsWith("method.response.", StringComparison.Ordinal));
            Methods.PutResponse(api, resource.Id!, declared.HttpMethod, response.StatusCode!, new MethodResponse
            {
                StatusCode = response.StatusCode,
                ResponseParameters = headers?.ToDictionary(k => k, _ => false, StringComparer.Ordinal) is { Count: > 0 } map ? map : null,
                ResponseModels = new Dictionary<string, string>(StringComparer.Ordinal) { ["application/json"] = "Empty" },
            });
            Integrations.PutResponse(api, resource.Id!, declared.HttpMethod, response.StatusCode!, Copy(response));
        }
    }

    private Resource EnsureResource(RestApiDefinition api, string path)
    {
        var resource = api.Resource(api.Api.RootResourceId!)!;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            resource = api.Resources.Find(r => r.ParentId == resource.Id && r.PathPart == part) ?? ResourceTree.Create(api, resource.Id!, part, ids);
        }

        return resource;
    }

    /// <summary>Drops what the file no longer declares: resources with no method below them, and unused authorizers.</summary>
    private static void Prune(RestApiDefinition api, RestApiDeclaration declared)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal) { api.Api.RootResourceId! };
        var byId = api.Resources.ToDictionary(r => r.Id!, StringComparer.Ordinal);
        foreach (var resource in api.Resources.Where(r => r.ResourceMethods is { Count: > 0 }))
        {
            for (var current = resource; current is not null; current = current.ParentId is null ? null : byId[current.ParentId])
            {
                keep.Add(current.Id!);
            }
        }

        api.Resources.RemoveAll(r => !keep.Contains(r.Id!));
        api.Authorizers.RemoveAll(a => !declared.Authorizers.Any(d => d.Input.Name == a.Name));
    }

    /// <summary>Deploys when a declared stage is missing or serves something else than the API now; returns whether anything changed.</summary>
    private async Task<bool> DeployAsync(IStoreSession session, RestApiDefinition api, RestApiDeclaration declared, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var desired = Served(new DeploymentSnapshot
        {
            RestApiId = api.Id,
            Api = api.Api,
            Resources = [.. ResourceTree.Ordered(api)],
            Authorizers = api.Authorizers,
        });
        var stale = new List<string>();
        foreach (var (_, name, _, variables) in declared.Stages)
        {
            Stages.CheckName(name);
            Stages.CheckVariables(variables);
            var stage = api.Stage(name);
            var snapshot = stage?.DeploymentId is { } deploymentId
                ? await RestApiStore.FindDeploymentAsync(session, api.Id, deploymentId, cancellationToken).ConfigureAwait(false)
                : null;
            if (snapshot is null || Served(snapshot) != desired)
            {
                stale.Add(name);
            }
        }

        var changed = false;
        if (stale.Count > 0)
        {
            var snapshot = Deployments.Create(api, new CreateDeploymentInput { Description = "gatehouse.yaml" }, ids, now);
            await RestApiStore.SaveDeploymentAsync(session, snapshot, cancellationToken).ConfigureAwait(false);
            foreach (var name in stale)
            {
                if (api.Stage(name) is { } stage)
                {
                    stage.DeploymentId = snapshot.Deployment.Id;
                    stage.LastUpdatedDate = now;
                }
                else
                {
                    api.Stages.Add(Stages.New(name, snapshot.Deployment.Id!, null, null, null, null, null, null, now));
                }
            }

            changes.Add($"deployed REST API {api.Id} to {string.Join(", ", stale)}");
            changed = true;
        }

        foreach (var (_, name, description, variables) in declared.Stages)
        {
            var stage = api.Stage(name)!;
            var wanted = variables is { Count: > 0 } ? variables : null;
            var same = (stage.Variables ?? []).Count == (wanted ?? []).Count && (wanted ?? []).All(v => stage.Variables!.GetValueOrDefault(v.Key) == v.Value);
            if (!same || stage.Description != (string.IsNullOrEmpty(description) ? null : description))
            {
                stage.Variables = wanted is null ? null : new Dictionary<string, string>(wanted, StringComparer.Ordinal);
                stage.Description = string.IsNullOrEmpty(description) ? null : description;
                stage.LastUpdatedDate = now;
                changed = true;
            }
        }

        return changed;
    }

    private static string Served(DeploymentSnapshot snapshot)
    {
        var copy = RestApis.Copy(snapshot, GatewayJson.Default.DeploymentSnapshot);
        copy.Deployment = new Deployment();
        return JsonSerializer.Serialize(copy, GatewayJson.Default.DeploymentSnapshot);
    }

    private static string Json(RestApiDefinition api) => JsonSerializer.Serialize(api, GatewayJson.Default.RestApiDefinition);

    private static Method Copy(Method method) =>
        RestApis.Copy(new RestApiDefinition { Resources = [new Resource { ResourceMethods = new() { ["X"] = method } }] }, GatewayJson.Default.RestApiDefinition)
            .Resources[0].ResourceMethods!["X"];

    private static Integration Copy(Integration integration) => Copy(new Method { MethodIntegration = integration }).MethodIntegration!;

    private static IntegrationResponse Copy(IntegrationResponse response) =>
        Copy(new Integration { IntegrationResponses = new() { ["X"] = response } }).IntegrationResponses!["X"];
}
