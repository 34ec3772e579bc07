using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway;

/// <summary>
/// The rules of a REST API's path tree: path part syntax (literal, <c>{param}</c>, greedy <c>{proxy+}</c>), at most one
/// variable child per parent, no two siblings with the same part, nothing below a greedy part, no cycles, and every
/// <see cref="Resource.Path"/> recomputed after a change.
/// </summary>
public static partial class ResourceTree
{
    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];

    /// <summary>Resources in AWS's listing order: by path.</summary>
    public static IEnumerable<Resource> Ordered(RestApiDefinition api) => api.Resources.OrderBy(r => r.Path, StringComparer.Ordinal);

    /// <summary>
    /// A resource as GetResource(s) answers it: its methods named only (<c>{"GET": {}}</c>) unless
    /// <c>embed=methods</c> asked for them in full.
    /// </summary>
    public static Resource View(Resource resource, bool withMethods) => new()
    {
        Id = resource.Id,
        ParentId = resource.ParentId,
        PathPart = resource.PathPart,
        Path = resource.Path,
        ResourceMethods = resource.ResourceMethods is not { Count: > 0 } methods ? null
            : withMethods ? methods
            : methods.ToDictionary(m => m.Key, _ => new Method(), StringComparer.Ordinal),
    };

    public static Resource Get(RestApiDefinition? api, string resourceId) =>
        api?.Resource(resourceId) ?? throw ApiGatewayException.ResourceNotFound();

    public static Resource Create(RestApiDefinition api, string parentId, string? pathPart, IdGenerator ids)
    {
        ApiGatewayException.ThrowIfNull(pathPart, "createResourceInput.pathPart");
        var parent = Get(api, parentId);
        ValidatePathPart(pathPart);
        CheckPlacement(api, parent, pathPart!, self: null);
        var resource = new Resource { Id = NewId(api, ids), ParentId = parent.Id, PathPart = pathPart };
        api.Resources.Add(resource);
        ComputePaths(api);
        return resource;
    }

    /// <summary>Deletes the resource with every resource below it; the root cannot go.</summary>
    public static void Delete(RestApiDefinition api, string resourceId)
    {
        var resource = Get(api, resourceId);
        if (resource.ParentId is null)
        {
            throw ApiGatewayException.BadRequest("Cannot delete root resource");
        }

        var doomed = Subtree(api, resource.Id!).ToHashSet(StringComparer.Ordinal);
        api.Resources.RemoveAll(r => doomed.Contains(r.Id!));
    }

    /// <summary>Applies an <c>UpdateResource</c>: <c>replace</c> of <c>/pathPart</c> (rename) or <c>/parentId</c> (move).</summary>
    public static void Update(RestApiDefinition api, string resourceId, IReadOnlyList<PatchOperation>? operations)
    {
        var resource = Get(api, resourceId);
        var table = new PatchTable<Resource>(ResourcePatchErrors.Instance)
            .Property("/pathPart", Replace, (r, _, v) => Rename(api, r, v), r => r.PathPart)
            .Property("/parentId", Replace, (r, _, v) => Move(api, r, v), r => r.ParentId);
        table.Apply(resource, operations, "updateResourceInput");
        ComputePaths(api);
    }

    public static void ValidatePathPart(string? pathPart)
    {
        if (pathPart is null || !PathPart().IsMatch(pathPart))
        {
            throw ApiGatewayException.BadRequest(
                "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
        }
    }

    public static bool IsVariable(string? pathPart) => pathPart is ['{', .., '}'];

    public static bool IsGreedy(string? pathPart) => pathPart is ['{', .., '+', '}'];

    /// <summary>Sets every resource's path from the root down.</summary>
    public static void ComputePaths(RestApiDefinition api)
    {
        var byId = api.Resources.ToDictionary(r => r.Id!, StringComparer.Ordinal);
        foreach (var resource in api.Resources)
        {
            resource.Path = PathOf(resource, byId);
        }
    }

    /// <summary>The resource and all its descendants, parents first.</summary>
    public static IEnumerable<string> Subtree(RestApiDefinition api, string resourceId)
    {
        var pending = new Queue<string>([resourceId]);
        while (pending.TryDequeue(out var id))
        {
            yield return id;
            foreach (var child in api.Resources.Where(r => r.ParentId == id))
            {
                pending.Enqueue(child.Id!);
            }
        }
    }

    private static void Rename(RestApiDefinition api, Resource resource, string? pathPart)
    {
        if (resource.ParentId is null)
        {
            throw ApiGatewayException.BadRequest("Root resource cannot update its pathPart.");
        }

        ValidatePathPart(pathPart);
        CheckPlacement(api, Get(api, resource.ParentId), pathPart!, resource);
        if (IsGreedy(pathPart) && api.Resources.Any(r => r.ParentId == resource.Id))
        {
            throw ApiGatewayException.BadRequest($"Cannot create a child of a resource with a greedy path variable: {pathPart}");
        }

        resource.PathPart = pathPart;
    }

    private static void Move(RestApiDefinition api, Resource resource, string? parentId)
    {
        if (resource.ParentId is null)
        {
            throw ApiGatewayException.BadRequest("Root resource cannot update its parentId.");
        }

        var parent = Get(api, parentId ?? "");
        if (Subtree(api, resource.Id!).Contains(parent.Id, StringComparer.Ordinal))
        {
            throw ApiGatewayException.BadRequest("Resources cannot be cyclical.");
        }

        CheckPlacement(api, parent, resource.PathPart!, resource);
        resource.ParentId = parent.Id;
    }

    private static void CheckPlacement(RestApiDefinition api, Resource parent, string pathPart, Resource? self)
    {
        if (IsGreedy(parent.PathPart))
        {
            throw ApiGatewayException.BadRequest($"Cannot create a child of a resource with a greedy path variable: {parent.PathPart}");
        }

        var siblings = api.Resources.Where(r => r.ParentId == parent.Id && !ReferenceEquals(r, self)).ToList();
        if (siblings.Any(s => s.PathPart == pathPart))
        {
            throw ApiGatewayException.Conflict($"Another resource with the same parent already has this name: {pathPart}");
        }

        if (IsVariable(pathPart) && siblings.Find(s => IsVariable(s.PathPart)) is { } variable)
        {
            throw ApiGatewayException.BadRequest($"A sibling ({variable.PathPart}) of this resource already has a variable path part -- only one is allowed");
        }
    }

    private static string PathOf(Resource resource, Dictionary<string, Resource> byId)
    {
        var parts = new List<string>();
        for (var current = resource; current.ParentId is not null; current = byId[current.ParentId])
        {
            parts.Add(current.PathPart!);
        }

        parts.Reverse();
        return "/" + string.Join('/', parts);
    }

    private static string NewId(RestApiDefinition api, IdGenerator ids)
    {
        string id;
        do
        {
            id = ids.NewGatewayChildId();
        }
        while (api.Resource(id) is not null);

        return id;
    }

    [GeneratedRegex(@"^(?:[a-zA-Z0-9._-]+|\{[a-zA-Z0-9._-]+\+?\})$")]
    private static partial Regex PathPart();

    /// <summary>UpdateResource's own wording of patch errors.</summary>
    private sealed class ResourcePatchErrors : IPatchErrors
    {
        public static readonly ResourcePatchErrors Instance = new();

        public Exception UnknownPath(string? path, string op) =>
            ApiGatewayException.BadRequest($"Invalid patch path  '{path ?? "null"}' specified for op '{op}'. Must be one of: [/parentId, /pathPart]");

        public Exception UnsupportedOp(string path, string op, IReadOnlyList<PatchVerb> allowed) =>
            ApiGatewayException.BadRequest($"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations");
    }
}
