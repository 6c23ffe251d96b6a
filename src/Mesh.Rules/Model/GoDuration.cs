using System.Globalization;
using System.Text;
using Mesh.Shared;

namespace Mesh.Rules.Model;

/// <summary>Go's duration syntax (<c>"250ms"</c>, <c>"1m30s"</c>, <c>"1.5h"</c>), as the rules language writes durations.</summary>
public static class GoDuration
{
    /// <summary>Parses a Go duration; returns false for anything else (a bare number other than 0 included).</summary>
    public static bool TryParse(string text, out TimeSpan value) => GoDurationParser.TryParse(text, out value);

    /// <summary>Formats a duration in the shortest Go form: <c>"2s"</c>, <c>"1m30s"</c>, <c>"500ms"</c>, <c>"1.5s"</c>, <c>"0s"</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        var ticks = value.Ticks;
        if (ticks < 0)
        {
            sb.Append('-');
            ticks = -ticks;
        }

        if (ticks < TimeSpan.TicksPerSecond)
        {
            if (ticks % TimeSpan.TicksPerMillisecond == 0)
            {
                return sb.Append(ticks / TimeSpan.TicksPerMillisecond).Append("ms").ToString();
            }

            if (ticks % 10 == 0)
            {
                return sb.Append(ticks / 10).Append("us").ToString();
            }

            return sb.Append(ticks * 100).Append("ns").ToString();
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        ticks %= TimeSpan.TicksPerHour;
        var minutes = ticks / TimeSpan.TicksPerMinute;
        ticks %= TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            sb.Append(hours).Append('h');
        }

        if (minutes > 0)
        {
            sb.Append(minutes).Append('m');
        }

        if (ticks > 0)
        {
            var seconds = (decimal)ticks / TimeSpan.TicksPerSecond;
            sb.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        }

        return sb.ToString();
    }
}
