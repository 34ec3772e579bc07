using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Gateway.ApiKeys;

/// <summary>
/// The rules of API keys: creation (a generated 40-character value unless one of at least 20 is given, disabled unless
/// <c>enabled</c>), AWS's patch paths, and the (deprecated) stage keys, which must name existing stages.
/// </summary>
public static class ApiKeys
{
    public const int MinValueLength = 20;

    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];
    private static readonly PatchVerb[] AddRemove = [PatchVerb.Add, PatchVerb.Remove];

    private static readonly PatchTable<ApiKey> Patches = new PatchTable<ApiKey>()
        .Property("/name", Replace, (k, _, v) => k.Name = string.IsNullOrEmpty(v) ? null : v, k => k.Name)
        .Property("/description", Replace, (k, _, v) => k.Description = string.IsNullOrEmpty(v) ? null : v, k => k.Description)
        .Property("/enabled", Replace, (k, _, v) => k.Enabled = PatchTable.Bool(v))
        .Property("/customerId", Replace, (k, _, v) => k.CustomerId = string.IsNullOrEmpty(v) ? null : v, k => k.CustomerId)
        .Property("/stages", AddRemove, PatchStage);

    public static ApiGatewayException NotFound() => ApiGatewayException.NotFound("Invalid API Key identifier specified");

    public static async Task<ApiKey> CreateAsync(IStoreSession session, CreateApiKeyInput input, IdGenerator ids, string accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ApiGatewayException.ThrowIfNullItem(input.StageKeys, "createApiKeyInput.stageKeys");
        ApiGatewayException.ThrowIfNullItem(input.Tags?.Values, "createApiKeyInput.tags");
        if (input.Value is { Length: < MinValueLength })
        {
            throw ApiGatewayException.BadRequest($"API Key value should be at least {MinValueLength} characters");
        }

        var existing = await ApiKeyStore.ListKeysAsync(session, cancellationToken).ConfigureAwait(false);
        if (input.Value is { } given && existing.Any(k => k.Value == given))
        {
            throw ApiGatewayException.Conflict("API Key already exists");
        }

        var stageKeys = new List<string>();
        foreach (var stageKey in input.StageKeys ?? [])
        {
            await CheckStageAsync(session, stageKey.RestApiId, stageKey.StageName, accountId, cancellationToken).ConfigureAwait(false);
            var text = $"{stageKey.RestApiId}/{stageKey.StageName}";
            if (!stageKeys.Contains(text))
            {
                stageKeys.Add(text);
            }
        }

        string id;
        do
        {
            id = ids.NewApiKeyId();
        }
        while (existing.Any(k => k.Id == id));

        var value = input.Value;
        while (value is null || existing.Any(k => k.Value == value))
        {
            value = ids.NewApiKeyValue();
        }

        return new ApiKey
        {
            Id = id,
            Value = value,
            Name = string.IsNullOrEmpty(input.Name) ? null : input.Name,
            Description = string.IsNullOrEmpty(input.Description) ? null : input.Description,
            CustomerId = string.IsNullOrEmpty(input.CustomerId) ? null : input.CustomerId,
            Enabled = input.Enabled ?? false,
            CreatedDate = now,
            LastUpdatedDate = now,
            StageKeys = stageKeys,
            Tags = input.Tags is { Count: > 0 } tags ? tags : null,
        };
    }

    /// <summary>Applies an <c>UpdateApiKey</c>'s operations; stages added must exist. The caller saves only if this returns.</summary>
    public static async Task UpdateAsync(IStoreSession session, ApiKey key, IReadOnlyList<PatchOperation>? operations, string accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = key.StageKeys?.ToList() ?? [];
        Patches.Apply(key, operations, "updateApiKeyInput");
        foreach (var added in (key.StageKeys ?? []).Except(before, StringComparer.Ordinal))
        {
            var slash = added.IndexOf('/', StringComparison.Ordinal);
            await CheckStageAsync(session, added[..slash], added[(slash + 1)..], accountId, cancellationToken).ConfigureAwait(false);
        }

        key.LastUpdatedDate = now;
    }

    /// <summary>The key as answered: without its value unless asked for.</summary>
    public static ApiKey View(ApiKey key, bool includeValue)
    {
        if (includeValue)
        {
            return key;
        }

        var copy = RestApis.Copy(key, ApiKeyJson.Default.ApiKey);
        copy.Value = null;
        return copy;
    }

    /// <summary>An existing stage of an existing API, or AWS's not-found error for whichever is missing.</summary>
    public static async Task CheckStageAsync(IStoreSession session, string? restApiId, string? stageName, string accountId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(restApiId) || await RestApiStore.FindAsync(session, restApiId, cancellationToken).ConfigureAwait(false) is not { } api)
        {
            throw ApiGatewayException.ApiNotFound(accountId, restApiId ?? "");
        }

        if (string.IsNullOrEmpty(stageName) || api.Stage(stageName) is null)
        {
            throw ApiGatewayException.StageNotFound();
        }
    }

    // The value is "{restApiId}/{stageName}".
    private static void PatchStage(ApiKey key, PatchVerb op, string? value)
    {
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (value is null || slash <= 0 || slash == value.Length - 1 || value.IndexOf('/', slash + 1) >= 0)
        {
            throw ApiGatewayException.BadRequest($"Invalid stage key specified: {value ?? "null"}. Must be {{restApiId}}/{{stageName}}");
        }

        var stages = key.StageKeys ??= [];
        if (op == PatchVerb.Add && !stages.Contains(value))
        {
            stages.Add(value);
        }
        else if (op == PatchVerb.Remove)
        {
            stages.Remove(value);
        }
    }
}
