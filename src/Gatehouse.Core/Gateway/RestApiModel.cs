using System.Text.Json.Serialization;

namespace Gatehouse.Core.Gateway;

/// <summary>AWS's <c>RestApi</c>: a v1 REST API as management answers it.</summary>
public sealed class RestApi
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset? CreatedDate { get; set; }
    public string? Version { get; set; }
    public List<string>? Warnings { get; set; }
    public List<string>? BinaryMediaTypes { get; set; }
    public int? MinimumCompressionSize { get; set; }
    public string? ApiKeySource { get; set; }
    public EndpointConfiguration? EndpointConfiguration { get; set; }
    public string? Policy { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public bool? DisableExecuteApiEndpoint { get; set; }
    public string? RootResourceId { get; set; }
}

/// <summary>AWS's <c>EndpointConfiguration</c>.</summary>
public sealed class EndpointConfiguration
{
    public List<string>? Types { get; set; }
    public string? IpAddressType { get; set; }
    public List<string>? VpcEndpointIds { get; set; }
}

/// <summary>
/// The stored aggregate of one REST API (document kind <c>restapi</c>): the API with its resource tree (methods,
/// method responses, integrations, integration responses inside each resource), authorizers, customised gateway
/// responses, deployment summaries and stages. Deployment snapshots live in their own documents (<see cref="DeploymentSnapshot"/>).
/// </summary>
public sealed class RestApiDefinition
{
    public RestApi Api { get; set; } = new();
    public List<Resource> Resources { get; set; } = [];
    public List<Authorizer> Authorizers { get; set; } = [];

    /// <summary>The customised gateway responses only; a type not here answers as its default.</summary>
    public List<GatewayResponse> GatewayResponses { get; set; } = [];

    /// <summary>Every deployment's id, description and date; the snapshot itself is a separate document.</summary>
    public List<Deployment> Deployments { get; set; } = [];
    public List<Stage> Stages { get; set; } = [];

    [JsonIgnore]
    public string Id => Api.Id!;

    public Resource? Resource(string id) => Resources.Find(r => r.Id == id);

    public Authorizer? Authorizer(string id) => Authorizers.Find(a => a.Id == id);

    public Stage? Stage(string name) => Stages.Find(s => s.StageName == name);

    public Deployment? Deployment(string id) => Deployments.Find(d => d.Id == id);
}
