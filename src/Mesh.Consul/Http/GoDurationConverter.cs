using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

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
    {
        // Enough of Go's grammar for what Consul writes back: a sequence of <number><unit>.
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var number = double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            total += text[unitStart..i] switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                "us" or "µs" => TimeSpan.FromMicroseconds(number),
                "ns" => TimeSpan.FromTicks((long)(number / 100)),
                "" when number == 0 => TimeSpan.Zero,
                var unit => throw new JsonException($"Unknown Go duration unit '{unit}' in '{text}'."),
            };
        }

        return total;
    }
}
