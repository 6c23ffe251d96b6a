using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.Vault;

/// <summary>Reads a duration in whole seconds, given as a JSON number or a quoted number.</summary>
internal sealed class SecondsTimeSpanConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromSeconds(UnixSecondsConverter.ReadSeconds(ref reader));

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue((long)value.TotalSeconds);
}

/// <summary>Reads a Unix time in seconds, given as a JSON number or (as Vault's docs show it) a quoted number.</summary>
internal sealed class UnixSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.FromUnixTimeSeconds(ReadSeconds(ref reader));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeSeconds());

    internal static long ReadSeconds(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var whole) ? whole : (long)reader.GetDouble();
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrEmpty(text))
                {
                    return 0;
                }

                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : (long)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonTokenType.Null:
                return 0;
            default:
                throw new JsonException($"Expected a number of seconds, found {reader.TokenType}.");
        }
    }
}
