using System.Globalization;
using System.Text;
using Mesh.Shared;

namespace Mesh.DevCatalog.Hosting;

/// <summary>Parses and formats Go <c>time.Duration</c> strings ("5s", "100ms", "1m30s", "1.5h"), the form Consul uses on the wire.</summary>
internal static class GoDuration
{
    /// <summary>Parses a Go duration string; a bare "0" is accepted as zero.</summary>
    public static bool TryParse(string? text, out TimeSpan value) => GoDurationParser.TryParse(text, out value);

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
