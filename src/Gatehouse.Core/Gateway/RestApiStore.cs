using System.Text.Json;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Gateway;

/// <summary>
/// REST APIs in the store: one <c>restapi</c> document per API (the whole <see cref="RestApiDefinition"/>), and one
/// <c>restapi-deployment</c> document per deployment, child of the API so deleting the API deletes them.
/// </summary>
public static class RestApiStore
{
    public const string Kind = "restapi";
    public const string DeploymentKind = "restapi-deployment";

    public static async Task<RestApiDefinition?> FindAsync(IStoreSession session, string apiId, CancellationToken cancellationToken)
    {
        var document = await session.GetDocumentAsync(Kind, apiId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : Parse(document);
    }

    /// <summary>APIs in id order after <paramref name="after"/>.</summary>
    public static async Task<List<RestApiDefinition>> ListAsync(IStoreSession session, string? after, int limit, CancellationToken cancellationToken)
    {
        var documents = await session.ListDocumentsAsync(Kind, null, after, limit, cancellationToken).ConfigureAwait(false);
        return [.. documents.Select(Parse)];
    }

    public static Task SaveAsync(IStoreSession session, RestApiDefinition api, CancellationToken cancellationToken) =>
        session.SaveDocumentAsync(
            new StoredDocument { Kind = Kind, Id = api.Id, Data = JsonSerializer.Serialize(api, GatewayJson.Default.RestApiDefinition) },
            cancellationToken);

    /// <summary>Deletes the API and, with it, its deployment snapshots.</summary>
    public static Task DeleteAsync(IStoreSession session, string apiId, CancellationToken cancellationToken) =>
        session.DeleteDocumentAsync(Kind, apiId, cancellationToken);

    public static async Task<DeploymentSnapshot?> FindDeploymentAsync(IStoreSession session, string apiId, string deploymentId, CancellationToken cancellationToken)
    {
        var document = await session.GetDocumentAsync(DeploymentKind, DeploymentDocumentId(apiId, deploymentId), cancellationToken).ConfigureAwait(false);
        return document is null ? null : JsonSerializer.Deserialize(document.Data, GatewayJson.Default.DeploymentSnapshot);
    }

    public static Task SaveDeploymentAsync(IStoreSession session, DeploymentSnapshot snapshot, CancellationToken cancellationToken) =>
        session.SaveDocumentAsync(
            new StoredDocument
            {
                Kind = DeploymentKind,
                Id = DeploymentDocumentId(snapshot.RestApiId!, snapshot.Deployment.Id!),
                ParentId = snapshot.RestApiId,
                Data = JsonSerializer.Serialize(snapshot, GatewayJson.Default.DeploymentSnapshot),
            },
            cancellationToken);

    public static Task DeleteDeploymentAsync(IStoreSession session, string apiId, string deploymentId, CancellationToken cancellationToken) =>
        session.DeleteDocumentAsync(DeploymentKind, DeploymentDocumentId(apiId, deploymentId), cancellationToken);

    /// <summary>
    /// What the gateway serves at <c>/{stageName}</c> of the API: the snapshot of the stage's deployment and the stage
    /// (variables, method settings, access log settings); null when the API, the stage or its deployment is gone.
    /// A snapshot never changes, so a caller may cache it by <c>(apiId, deploymentId)</c>.
    /// </summary>
    public static async Task<DeployedStage?> GetDeployedStageAsync(IStoreSession session, string apiId, string stageName, CancellationToken cancellationToken)
    {
        var api = await FindAsync(session, apiId, cancellationToken).ConfigureAwait(false);
        if (api?.Stage(stageName) is not { DeploymentId: { } deploymentId } stage)
        {
            return null;
        }

        var snapshot = await FindDeploymentAsync(session, apiId, deploymentId, cancellationToken).ConfigureAwait(false);
        return snapshot is null ? null : new DeployedStage(snapshot, stage);
    }

    // Deployment ids are unique only within their API.
    private static string DeploymentDocumentId(string apiId, string deploymentId) => $"{apiId}/{deploymentId}";

    private static RestApiDefinition Parse(StoredDocument document) =>
        JsonSerializer.Deserialize(document.Data, GatewayJson.Default.RestApiDefinition) ?? throw new InvalidDataException($"REST API document {document.Id} is empty.");
}
