using System.Text.Json;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>
/// HTTP APIs in the store: one <c>httpapi</c> document per API (the whole <see cref="HttpApiDefinition"/>), and one
/// <c>httpapi-deployment</c> document per deployment, child of the API so deleting the API deletes them.
/// </summary>
public static class HttpApiStore
{
    public const string Kind = "httpapi";
    public const string DeploymentKind = "httpapi-deployment";

    public static async Task<HttpApiDefinition?> FindAsync(IStoreSession session, string apiId, CancellationToken cancellationToken)
    {
        var document = await session.GetDocumentAsync(Kind, apiId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : Parse(document);
    }

    /// <summary>APIs in id order after <paramref name="after"/>.</summary>
    public static async Task<List<HttpApiDefinition>> ListAsync(IStoreSession session, string? after, int limit, CancellationToken cancellationToken)
    {
        var documents = await session.ListDocumentsAsync(Kind, null, after, limit, cancellationToken).ConfigureAwait(false);
        return [.. documents.Select(Parse)];
    }

    public static Task SaveAsync(IStoreSession session, HttpApiDefinition api, CancellationToken cancellationToken) =>
        session.SaveDocumentAsync(
            new StoredDocument { Kind = Kind, Id = api.Id, Data = JsonSerializer.Serialize(api, HttpApiJson.Default.HttpApiDefinition) },
            cancellationToken);

    /// <summary>Deletes the API and, with it, its deployment snapshots.</summary>
    public static Task DeleteAsync(IStoreSession session, string apiId, CancellationToken cancellationToken) =>
        session.DeleteDocumentAsync(Kind, apiId, cancellationToken);

    public static async Task<HttpApiDeploymentSnapshot?> FindDeploymentAsync(IStoreSession session, string apiId, string deploymentId, CancellationToken cancellationToken)
    {
        var document = await session.GetDocumentAsync(DeploymentKind, DeploymentDocumentId(apiId, deploymentId), cancellationToken).ConfigureAwait(false);
        return document is null ? null : JsonSerializer.Deserialize(document.Data, HttpApiJson.Default.HttpApiDeploymentSnapshot);
    }

    public static Task SaveDeploymentAsync(IStoreSession session, HttpApiDeploymentSnapshot snapshot, CancellationToken cancellationToken) =>
        session.SaveDocumentAsync(
            new StoredDocument
            {
                Kind = DeploymentKind,
                Id = DeploymentDocumentId(snapshot.ApiId!, snapshot.Deployment.DeploymentId!),
                ParentId = snapshot.ApiId,
                Data = JsonSerializer.Serialize(snapshot, HttpApiJson.Default.HttpApiDeploymentSnapshot),
            },
            cancellationToken);

    public static Task DeleteDeploymentAsync(IStoreSession session, string apiId, string deploymentId, CancellationToken cancellationToken) =>
        session.DeleteDocumentAsync(DeploymentKind, DeploymentDocumentId(apiId, deploymentId), cancellationToken);

    /// <summary>
    /// What the gateway serves for <paramref name="stageName"/> of the API (<c>$default</c> at the root): the snapshot of
    /// the stage's deployment and the stage; null when the API, the stage or its deployment is gone, or the stage has
    /// never been deployed. A snapshot never changes, so a caller may cache it by <c>(apiId, deploymentId)</c>.
    /// </summary>
    public static async Task<DeployedHttpStage?> GetDeployedStageAsync(IStoreSession session, string apiId, string stageName, CancellationToken cancellationToken)
    {
        var api = await FindAsync(session, apiId, cancellationToken).ConfigureAwait(false);
        if (api?.Stage(stageName) is not { DeploymentId: { } deploymentId } stage)
        {
            return null;
        }

        var snapshot = await FindDeploymentAsync(session, apiId, deploymentId, cancellationToken).ConfigureAwait(false);
        return snapshot is null ? null : new DeployedHttpStage(snapshot, stage);
    }

    // Deployment ids are unique only within their API.
    private static string DeploymentDocumentId(string apiId, string deploymentId) => $"{apiId}/{deploymentId}";

    private static HttpApiDefinition Parse(StoredDocument document) =>
        JsonSerializer.Deserialize(document.Data, HttpApiJson.Default.HttpApiDefinition) ?? throw new InvalidDataException($"HTTP API document {document.Id} is empty.");
}
