using System.Globalization;
using System.Text;
using Mesh.Shared;

namespace Mesh.Snapshots.Serialization;

/// <summary>Go-style durations (<c>"250ms"</c>, <c>"1m30s"</c>, <c>"1.5h"</c>), the spelling of the rules language.</summary>
public static class GoDuration
{
    /// <summary>Parses a Go duration; units ns, us (µs), ms, s, m, h; a sign and fractions are allowed.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value) => GoDurationParser.TryParse(text, out value);

    /// <summary>Formats like Go's <c>time.Duration.String</c>: <c>1h0m0s</c>, <c>1m30s</c>, <c>1.5s</c>, <c>250ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            value = value.Duration();
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            if (value.Ticks % TimeSpan.TicksPerMillisecond == 0 || value >= TimeSpan.FromMilliseconds(1))
            {
                builder.Append(((decimal)value.Ticks / TimeSpan.TicksPerMillisecond).ToString("0.#######", CultureInfo.InvariantCulture)).Append("ms");
            }
            else
            {
                builder.Append(((decimal)value.Ticks / TimeSpan.TicksPerMicrosecond).ToString("0.#", CultureInfo.InvariantCulture)).Append("us");
            }

            return builder.ToString();
        }

        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || value.Minutes > 0)
        {
            builder.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = (decimal)(value.Ticks % TimeSpan.TicksPerMinute) / TimeSpan.TicksPerSecond;
        builder.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        return builder.ToString();
    }
}
