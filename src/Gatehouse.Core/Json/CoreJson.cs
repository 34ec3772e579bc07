using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
public sealed partial class CoreJson : JsonSerializerContext
{
    /// <summary>
    /// A deep copy through JSON: for changing an object that a read session returned, which is shared with other
    /// requests (see <see cref="Storage.IGatehouseStore.OpenAsync"/>). Off the hot paths only.
    /// </summary>
    public static T Copy<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, type), type)!;
}
