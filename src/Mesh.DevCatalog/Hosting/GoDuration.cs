using System.Globalization;
using System.Text;

namespace Mesh.DevCatalog.Hosting;

/// <summary>Parses and formats Go <c>time.Duration</c> strings ("5s", "100ms", "1m30s", "1.5h"), the form Consul uses on the wire.</summary>
internal static class GoDuration
{
    /// <summary>Parses a Go duration string; a bare "0" is accepted as zero.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        double totalTicks = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == 0 || !double.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[i..];
            var j = 0;
            while (j < s.Length && !char.IsAsciiDigit(s[j]) && s[j] != '.')
            {
                j++;
            }

            double unitTicks = s[..j] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (unitTicks < 0)
            {
                return false;
            }

            totalTicks += number * unitTicks;
            s = s[j..];
        }

        if (totalTicks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)totalTicks);
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>Formats a duration the way Go's <c>Duration.String()</c> does for whole units ("15s", "1m30s", "250ms").</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        var sb = new StringBuilder();
        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || value.Minutes > 0)
        {
            sb.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = value.Seconds + (value.Milliseconds / 1000.0);
        sb.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return sb.ToString();
    }
}
