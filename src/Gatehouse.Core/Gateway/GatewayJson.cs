using System.Text.Json.Serialization;
using Gatehouse.Core.Json;

namespace Gatehouse.Core.Gateway;

/// <summary>Source-generated serialization of API Gateway's shapes: camelCase as on the wire, epoch-second dates.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(RestApiDefinition))]
[JsonSerializable(typeof(DeploymentSnapshot))]
[JsonSerializable(typeof(MethodSetting))]
public sealed partial class GatewayJson : JsonSerializerContext;
