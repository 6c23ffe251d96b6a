using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.Shared;

namespace Mesh.Consul.Http;

/// <summary>Writes a <see cref="TimeSpan"/> as a Go duration string; reads Go strings ("10s") or nanosecond numbers.</summary>
internal sealed class GoDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return TimeSpan.FromTicks(reader.GetInt64() / 100);
        }

        var text = reader.GetString() ?? string.Empty;
        return Parse(text);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(GoDuration.Format(value));

    private static TimeSpan Parse(string text)
        => GoDurationParser.TryParse(text, out var value) ? value : throw new JsonException($"\"{text}\" is not a Go duration.");
}
