using System.Text.Json.Serialization;
using Gatehouse.Core.Json;

namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>Source-generated serialization of the HTTP API shapes: camelCase as on the wire, ISO 8601 dates.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Iso8601Converter)])]
[JsonSerializable(typeof(HttpApiDefinition))]
[JsonSerializable(typeof(HttpApiDeploymentSnapshot))]
public sealed partial class HttpApiJson : JsonSerializerContext;
