using System.Text.Json;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Gateway.ApiKeys;

/// <summary>
/// API keys and usage plans in the store, both account level: one <c>apikey</c> document per key (value included) and
/// one <c>usageplan</c> document per plan, holding the plan and its keys' ids.
/// </summary>
public static class ApiKeyStore
{
    public const string KeyKind = "apikey";
    public const string PlanKind = "usageplan";
    private const int Batch = 500;

    public static async Task<ApiKey?> FindKeyAsync(IStoreSession session, string keyId, CancellationToken cancellationToken)
    {
        var document = await session.GetDocumentAsync(KeyKind, keyId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : ParseKey(document);
    }

    /// <summary>Every key, in id order.</summary>
    public static async Task<List<ApiKey>> ListKeysAsync(IStoreSession session, CancellationToken cancellationToken) =>
        [.. (await ListAllAsync(session, KeyKind, cancellationToken).ConfigureAwait(false)).Select(ParseKey)];

    public static Task SaveKeyAsync(IStoreSession session, ApiKey key, CancellationToken cancellationToken) =>
        session.SaveDocumentAsync(new StoredDocument { Kind = KeyKind, Id = key.Id!, Data = JsonSerializer.Serialize(key, ApiKeyJson.Default.ApiKey) }, cancellationToken);

    public static Task DeleteKeyAsync(IStoreSession session, string keyId, CancellationToken cancellationToken) =>
        session.DeleteDocumentAsync(KeyKind, keyId, cancellationToken);

    public static async Task<UsagePlanDefinition?> FindPlanAsync(IStoreSession session, string planId, CancellationToken cancellationToken)
    {
        var document = await session.GetDocumentAsync(PlanKind, planId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : ParsePlan(document);
    }

    /// <summary>Every plan, in id order.</summary>
    public static async Task<List<UsagePlanDefinition>> ListPlansAsync(IStoreSession session, CancellationToken cancellationToken) =>
        [.. (await ListAllAsync(session, PlanKind, cancellationToken).ConfigureAwait(false)).Select(ParsePlan)];

    public static Task SavePlanAsync(IStoreSession session, UsagePlanDefinition plan, CancellationToken cancellationToken) =>
        session.SaveDocumentAsync(
            new StoredDocument { Kind = PlanKind, Id = plan.Id, Data = JsonSerializer.Serialize(plan, ApiKeyJson.Default.UsagePlanDefinition) },
            cancellationToken);

    public static Task DeletePlanAsync(IStoreSession session, string planId, CancellationToken cancellationToken) =>
        session.DeleteDocumentAsync(PlanKind, planId, cancellationToken);

    private static async Task<List<StoredDocument>> ListAllAsync(IStoreSession session, string kind, CancellationToken cancellationToken)
    {
        var all = new List<StoredDocument>();
        while (true)
        {
            var batch = await session.ListDocumentsAsync(kind, null, all.Count == 0 ? null : all[^1].Id, Batch, cancellationToken).ConfigureAwait(false);
            all.AddRange(batch);
            if (batch.Count < Batch)
            {
                return all;
            }
        }
    }

    private static ApiKey ParseKey(StoredDocument document) =>
        JsonSerializer.Deserialize(document.Data, ApiKeyJson.Default.ApiKey) ?? throw new InvalidDataException($"API key document {document.Id} is empty.");

    private static UsagePlanDefinition ParsePlan(StoredDocument document) =>
        JsonSerializer.Deserialize(document.Data, ApiKeyJson.Default.UsagePlanDefinition) ?? throw new InvalidDataException($"Usage plan document {document.Id} is empty.");
}
