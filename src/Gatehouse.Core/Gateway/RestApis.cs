using System.Text.Json;

namespace Gatehouse.Core.Gateway;

/// <summary>The body of <c>CreateRestApi</c>.</summary>
public sealed class CreateRestApiInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Version { get; set; }
    public string? CloneFrom { get; set; }
    public List<string>? BinaryMediaTypes { get; set; }
    public int? MinimumCompressionSize { get; set; }
    public string? ApiKeySource { get; set; }
    public EndpointConfiguration? EndpointConfiguration { get; set; }
    public string? Policy { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public bool? DisableExecuteApiEndpoint { get; set; }
}

/// <summary>The rules of a REST API's own settings: creating (optionally as a clone) and patching.</summary>
public static class RestApis
{
    private const int MaxCompression = 10485760;
    private static readonly string[] EndpointTypes = ["PRIVATE", "EDGE", "REGIONAL"];
    private static readonly string[] IpAddressTypes = ["ipv4", "dualstack"];

    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];
    private static readonly PatchVerb[] AddRemoveReplace = [PatchVerb.Add, PatchVerb.Remove, PatchVerb.Replace];
    private static readonly PatchVerb[] AddRemove = [PatchVerb.Add, PatchVerb.Remove];

    private static readonly PatchTable<RestApi> Patches = new PatchTable<RestApi>()
        .Property("/name", Replace, (a, _, v) => a.Name = string.IsNullOrEmpty(v) ? throw ApiGatewayException.BadRequest("Name cannot be empty") : v, a => a.Name)
        .Property("/description", AddRemoveReplace, (a, op, v) => a.Description = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, a => a.Description)
        .Property("/version", AddRemoveReplace, (a, op, v) => a.Version = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, a => a.Version)
        .Property("/policy", AddRemoveReplace, (a, op, v) => a.Policy = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, a => a.Policy)
        .Property("/apiKeySource", Replace, (a, _, v) => a.ApiKeySource = v is "HEADER" or "AUTHORIZER" ? v : throw ApiGatewayException.BadRequest("Invalid API Key source specified. Valid options are HEADER,AUTHORIZER"), a => a.ApiKeySource)
        .Property("/minimumCompressionSize", Replace, (a, _, v) => a.MinimumCompressionSize = Compression(v))
        .Property("/disableExecuteApiEndpoint", Replace, (a, _, v) => a.DisableExecuteApiEndpoint = PatchTable.Bool(v))
        .Property("/endpointConfiguration/ipAddressType", Replace, (a, _, v) => Endpoint(a).IpAddressType = IpAddressTypes.Contains(v) ? v : throw ApiGatewayException.BadRequest("ipAddressType must be either ipv4 or dualstack."))
        .Entry("/endpointConfiguration/types", Replace, ReplaceEndpointType)
        .Entry("/binaryMediaTypes", AddRemoveReplace, PatchBinaryMediaType)
        .Property("/endpointConfiguration/vpcEndpointIds", AddRemove, PatchVpcEndpoint);

    public static RestApiDefinition Create(CreateRestApiInput input, RestApiDefinition? cloneOf, IdGenerator ids, string apiId, DateTimeOffset now)
    {
        Validate(input);
        var endpoint = input.EndpointConfiguration ?? new EndpointConfiguration();
        endpoint.Types = endpoint.Types is { Count: > 0 } types ? types : ["EDGE"];
        endpoint.IpAddressType ??= endpoint.Types[0] == "PRIVATE" ? "dualstack" : "ipv4";
        var api = new RestApiDefinition
        {
            Api = new RestApi
            {
                Id = apiId,
                Name = input.Name,
                Description = input.Description,
                CreatedDate = now,
                Version = input.Version,
                BinaryMediaTypes = input.BinaryMediaTypes is { Count: > 0 } media ? media : null,
                MinimumCompressionSize = input.MinimumCompressionSize,
                ApiKeySource = input.ApiKeySource ?? "HEADER",
                EndpointConfiguration = endpoint,
                Policy = input.Policy,
                Tags = input.Tags is { Count: > 0 } tags ? tags : null,
                DisableExecuteApiEndpoint = input.DisableExecuteApiEndpoint ?? false,
            },
        };

        if (cloneOf is null)
        {
            var root = new Resource { Id = ids.NewRestApiId(), Path = "/" };
            api.Resources.Add(root);
            api.Api.RootResourceId = root.Id;
        }
        else
        {
            Clone(cloneOf, api, ids);
        }

        return api;
    }

    /// <summary>Applies an <c>UpdateRestApi</c>'s operations; the caller saves only if this returns.</summary>
    public static void Update(RestApiDefinition api, IReadOnlyList<PatchOperation>? operations)
    {
        Patches.Apply(api.Api, operations, "updateRestApiInput");
        var endpoint = api.Api.EndpointConfiguration;
        if (endpoint?.Types is ["PRIVATE"] && endpoint.IpAddressType == "ipv4")
        {
            throw ApiGatewayException.BadRequest("Only dualstack ipAddressType is supported for Private APIs.");
        }
    }

    /// <summary>A deep copy through the stored JSON shape.</summary>
    public static T Copy<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, type), type)!;

    private static void Validate(CreateRestApiInput input)
    {
        ApiGatewayException.ThrowIfNull(input.Name, "createRestApiInput.name");
        ApiGatewayException.ThrowIfNullItem(input.BinaryMediaTypes, "createRestApiInput.binaryMediaTypes");
        ApiGatewayException.ThrowIfNullItem(input.EndpointConfiguration?.Types, "createRestApiInput.endpointConfiguration.types");
        ApiGatewayException.ThrowIfNullItem(input.EndpointConfiguration?.VpcEndpointIds, "createRestApiInput.endpointConfiguration.vpcEndpointIds");
        ApiGatewayException.ThrowIfNullItem(input.Tags?.Values, "createRestApiInput.tags");
        var errors = new List<string>();
        if (input.EndpointConfiguration?.Types is { } types && types.Any(t => !EndpointTypes.Contains(t)))
        {
            errors.Add($"Value '[{string.Join(", ", types)}]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]");
        }

        if (input.EndpointConfiguration?.IpAddressType is { } ip && !IpAddressTypes.Contains(ip))
        {
            errors.Add(ApiGatewayException.EnumClause(ip, "createRestApiInput.endpointConfiguration.ipAddressType", "ipv4, dualstack"));
        }

        if (input.ApiKeySource is { } source && source is not ("HEADER" or "AUTHORIZER"))
        {
            errors.Add(ApiGatewayException.EnumClause(source, "createRestApiInput.apiKeySource", "HEADER, AUTHORIZER"));
        }

        if (errors.Count > 0)
        {
            throw ApiGatewayException.Validation(errors);
        }

        if (input.Description == "")
        {
            throw ApiGatewayException.BadRequest("Description cannot be an empty string");
        }

        if (input.EndpointConfiguration?.Types is { Count: 0 })
        {
            throw ApiGatewayException.BadRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.");
        }

        if (input.EndpointConfiguration?.Types is { Count: > 1 })
        {
            throw ApiGatewayException.BadRequest("Cannot create an api with multiple Endpoint Types.");
        }

        if (input.EndpointConfiguration is { Types: ["PRIVATE"], IpAddressType: "ipv4" })
        {
            throw ApiGatewayException.BadRequest("Only dualstack ipAddressType is supported for Private APIs.");
        }

        if (input.MinimumCompressionSize is < 0 or > MaxCompression)
        {
            throw CompressionError();
        }
    }

    // Resources, methods, authorizers and gateway responses are copied under new ids; stages and deployments are not.
    private static void Clone(RestApiDefinition source, RestApiDefinition target, IdGenerator ids)
    {
        var copy = Copy(source, GatewayJson.Default.RestApiDefinition);
        var resourceIds = copy.Resources.ToDictionary(r => r.Id!, r => r.ParentId is null ? ids.NewRestApiId() : ids.NewGatewayChildId());
        var authorizerIds = copy.Authorizers.ToDictionary(a => a.Id!, _ => ids.NewGatewayChildId());
        foreach (var resource in copy.Resources)
        {
            resource.Id = resourceIds[resource.Id!];
            resource.ParentId = resource.ParentId is null ? null : resourceIds[resource.ParentId];
            foreach (var method in resource.ResourceMethods?.Values ?? Enumerable.Empty<Method>())
            {
                method.AuthorizerId = method.AuthorizerId is null ? null : authorizerIds.GetValueOrDefault(method.AuthorizerId);
                if (method.MethodIntegration is { } integration)
                {
                    integration.CacheNamespace = resource.Id;
                }
            }
        }

        foreach (var authorizer in copy.Authorizers)
        {
            authorizer.Id = authorizerIds[authorizer.Id!];
        }

        target.Resources = copy.Resources;
        target.Authorizers = copy.Authorizers;
        target.GatewayResponses = copy.GatewayResponses;
        target.Api.RootResourceId = copy.Resources.Single(r => r.ParentId is null).Id;
        target.Api.BinaryMediaTypes ??= copy.Api.BinaryMediaTypes;
    }

    private static int? Compression(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var size) && size is >= 0 and <= MaxCompression ? size : throw CompressionError();
    }

    private static ApiGatewayException CompressionError() =>
        ApiGatewayException.BadRequest($"Invalid minimum compression size, must be between 0 and {MaxCompression}");

    private static EndpointConfiguration Endpoint(RestApi api) => api.EndpointConfiguration ??= new EndpointConfiguration { Types = ["EDGE"] };

    private static void ReplaceEndpointType(RestApi api, PatchVerb op, string key, string? value)
    {
        if (!EndpointTypes.Contains(value))
        {
            throw ApiGatewayException.BadRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE");
        }

        var endpoint = Endpoint(api);
        endpoint.Types = [value!];
        if (value == "PRIVATE")
        {
            endpoint.IpAddressType = "dualstack";
        }
    }

    // The media type is the path's key ("image~1png"); AWS's replace moves the new value to the end.
    private static void PatchBinaryMediaType(RestApi api, PatchVerb op, string key, string? value)
    {
        var types = api.BinaryMediaTypes ??= [];
        switch (op)
        {
            case PatchVerb.Add when !types.Contains(key):
                types.Add(key);
                break;
            case PatchVerb.Remove:
                types.Remove(key);
                break;
            case PatchVerb.Replace:
                if (!types.Remove(key))
                {
                    throw ApiGatewayException.BadRequest($"Invalid patch path /binaryMediaTypes/{key.Replace("/", "~1", StringComparison.Ordinal)}");
                }

                if (!string.IsNullOrEmpty(value) && !types.Contains(value))
                {
                    types.Add(value);
                }

                break;
        }

        api.BinaryMediaTypes = types.Count == 0 ? null : types;
    }

    private static void PatchVpcEndpoint(RestApi api, PatchVerb op, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw ApiGatewayException.BadRequest("Invalid null or empty value in vpcEndpointIds");
        }

        var endpoint = Endpoint(api);
        var list = endpoint.VpcEndpointIds ??= [];
        if (op == PatchVerb.Add && !list.Contains(value))
        {
            list.Add(value);
        }
        else if (op == PatchVerb.Remove)
        {
            list.Remove(value);
        }

        endpoint.VpcEndpointIds = list.Count == 0 ? null : list;
    }
}
