using System.Text.Json.Serialization;

namespace Gatehouse.Core.Tokens;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JwtHeader))]
[JsonSerializable(typeof(JsonWebKeySet))]
[JsonSerializable(typeof(RefreshGrantData))]
internal sealed partial class TokenJson : JsonSerializerContext;
