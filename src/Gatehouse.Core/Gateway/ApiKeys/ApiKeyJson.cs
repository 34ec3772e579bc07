using System.Text.Json.Serialization;
using Gatehouse.Core.Json;

namespace Gatehouse.Core.Gateway.ApiKeys;

/// <summary>Source-generated serialization of API keys and usage plans, as stored and as on the wire: camelCase, epoch-second dates.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(UsagePlanDefinition))]
public sealed partial class ApiKeyJson : JsonSerializerContext;
