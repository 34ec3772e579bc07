using System.Text.Json.Serialization;
using Gatehouse.Core.Messaging;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Json;

/// <summary>Source-generated serialization of the stored aggregates, in AWS's shapes.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(UserPool))]
[JsonSerializable(typeof(AppClient))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Group))]
[JsonSerializable(typeof(OutboxMessage))]
[JsonSerializable(typeof(ResourceServer))]
[JsonSerializable(typeof(UserPoolDomain))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
public sealed partial class CoreJson : JsonSerializerContext;
