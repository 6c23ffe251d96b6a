using System.Globalization;

namespace Mesh.Consul.Http;

/// <summary>Formats durations the way Consul's Go parser accepts them (<c>10s</c>, <c>1500ms</c>).</summary>
internal static class GoDuration
{
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Durations sent to Consul must not be negative.");
        }

        return value.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
