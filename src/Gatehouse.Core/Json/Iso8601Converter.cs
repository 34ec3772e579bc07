using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gatehouse.Core.Json;

/// <summary>rest-json timestamps of models that say <c>iso8601</c> (API Gateway v2): <c>2024-05-01T12:00:00Z</c>, in UTC.</summary>
public sealed class Iso8601Converter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new JsonException("Expected an ISO 8601 timestamp.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
