using System.Text.Json.Serialization;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.ApiGatewayApi;

/// <summary>A page of a v1 list: <c>{"item": [...], "position": "..."}</c> (the SDKs call the list <c>items</c>).</summary>
internal sealed class ItemPage<T>(List<T> item, string? position = null)
{
    public List<T> Item { get; } = item;

    public string? Position { get; } = position;
}

/// <summary>The body of <c>CreateResource</c>.</summary>
internal sealed class CreateResourceInput
{
    public string? PathPart { get; set; }
}

/// <summary>Every error's body: <c>{"message": ...}</c>; the type travels in <c>x-amzn-ErrorType</c>.</summary>
internal sealed record ApiGatewayErrorBody(string Message);

/// <summary>Source-generated serialization of the management API's wire shapes: camelCase, epoch-second dates.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(NoBody))]
[JsonSerializable(typeof(ApiGatewayErrorBody))]
[JsonSerializable(typeof(PatchRequest))]
[JsonSerializable(typeof(CreateRestApiInput))]
[JsonSerializable(typeof(CreateResourceInput))]
[JsonSerializable(typeof(CreateDeploymentInput))]
[JsonSerializable(typeof(RestApi))]
[JsonSerializable(typeof(Resource))]
[JsonSerializable(typeof(Method))]
[JsonSerializable(typeof(MethodResponse))]
[JsonSerializable(typeof(Integration))]
[JsonSerializable(typeof(IntegrationResponse))]
[JsonSerializable(typeof(Authorizer))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(Stage))]
[JsonSerializable(typeof(ItemPage<RestApi>))]
[JsonSerializable(typeof(ItemPage<Resource>))]
[JsonSerializable(typeof(ItemPage<Authorizer>))]
[JsonSerializable(typeof(ItemPage<Deployment>))]
[JsonSerializable(typeof(ItemPage<Stage>))]
[JsonSerializable(typeof(PutGatewayResponseInput))]
[JsonSerializable(typeof(GatewayResponse))]
[JsonSerializable(typeof(ItemPage<GatewayResponse>))]
internal sealed partial class ApiGatewayJson : JsonSerializerContext;
