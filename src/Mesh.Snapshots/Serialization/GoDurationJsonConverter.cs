using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.Snapshots.Serialization;

/// <summary>Reads a duration as a Go-style string or a number of milliseconds; writes a Go-style string.</summary>
public sealed class GoDurationJsonConverter : JsonConverter<TimeSpan>
{
    /// <inheritdoc />
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return TimeSpan.FromMilliseconds(reader.GetDouble());
        }

        if (reader.TokenType == JsonTokenType.String && GoDuration.TryParse(reader.GetString(), out var value))
        {
            return value;
        }

        throw new JsonException("A duration is a Go-style string such as \"250ms\" or \"1m30s\", or a number of milliseconds.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
        => writer.WriteStringValue(GoDuration.Format(value));
}
