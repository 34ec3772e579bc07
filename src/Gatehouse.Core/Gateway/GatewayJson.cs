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
[JsonSerializable(typeof(RestApi))]
[JsonSerializable(typeof(Resource))]
[JsonSerializable(typeof(Method))]
[JsonSerializable(typeof(MethodResponse))]
[JsonSerializable(typeof(Integration))]
[JsonSerializable(typeof(IntegrationResponse))]
[JsonSerializable(typeof(Authorizer))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(Stage))]
[JsonSerializable(typeof(MethodSetting))]
[JsonSerializable(typeof(PatchRequest))]
[JsonSerializable(typeof(CreateRestApiInput))]
[JsonSerializable(typeof(CreateDeploymentInput))]
public sealed partial class GatewayJson : JsonSerializerContext;
