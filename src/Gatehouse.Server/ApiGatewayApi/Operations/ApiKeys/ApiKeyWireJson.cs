using System.Text.Json.Serialization;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;

namespace Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

/// <summary>
/// The body of <c>GetUsage</c>: per key id, one <c>[used, remaining]</c> pair per day of the range (AWS's
/// <c>values</c>; the SDKs call it <c>items</c>).
/// </summary>
internal sealed class UsageOutput
{
    public string? UsagePlanId { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public string? Position { get; set; }

    [JsonPropertyName("values")]
    public Dictionary<string, List<List<long>>> Items { get; set; } = [];
}

/// <summary>Source-generated serialization of the API key and usage plan operations' wire shapes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateApiKeyInput))]
[JsonSerializable(typeof(CreateUsagePlanInput))]
[JsonSerializable(typeof(CreateUsagePlanKeyInput))]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(UsagePlan))]
[JsonSerializable(typeof(UsagePlanKey))]
[JsonSerializable(typeof(UsageOutput))]
[JsonSerializable(typeof(ItemPage<ApiKey>))]
[JsonSerializable(typeof(ItemPage<UsagePlan>))]
[JsonSerializable(typeof(ItemPage<UsagePlanKey>))]
internal sealed partial class ApiKeyWireJson : JsonSerializerContext;

/// <summary>The steps the key and plan operations share.</summary>
internal static class KeyCalls
{
    /// <summary>Commits, then tells the gateway its key index is stale (after: a rebuild must see the commit).</summary>
    public static async Task CommitAsync(IStoreSession session, ApiGatewayServices services, ApiGatewayCall call)
    {
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        services.ApiKeys.Invalidate();
    }

    public static async Task<ApiKey> KeyAsync(IStoreSession session, ApiGatewayCall call, string parameter) =>
        await ApiKeyStore.FindKeyAsync(session, call.Uri(parameter), call.CancellationToken).ConfigureAwait(false) ?? throw Core.Gateway.ApiKeys.ApiKeys.NotFound();

    public static async Task<UsagePlanDefinition> PlanAsync(IStoreSession session, ApiGatewayCall call) =>
        await ApiKeyStore.FindPlanAsync(session, call.Uri("usageplanId"), call.CancellationToken).ConfigureAwait(false) ?? throw Core.Gateway.ApiKeys.UsagePlans.NotFound();

    /// <summary>A boolean query parameter: <c>true</c> (any case) or not.</summary>
    public static bool QueryBool(ApiGatewayCall call, string name) => string.Equals(call.Query(name), "true", StringComparison.OrdinalIgnoreCase);
}
