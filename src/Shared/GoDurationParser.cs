using System.Globalization;

namespace Mesh.Shared;

/// <summary>
/// Go's duration syntax (<c>"250ms"</c>, <c>"1m30s"</c>, <c>"1.5h"</c>), which Consul, Nomad, Vault and our rules all
/// use. One source file, compiled into each assembly that reads durations (see src/Shared/README.md); how a duration
/// is written back differs per API, so formatting stays with each user.
/// </summary>
internal static class GoDurationParser
{
    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        ("ns", 0.01m), ("us", 10m), ("µs", 10m), ("μs", 10m), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>Parses a Go duration; returns false for anything else (a bare number other than 0 included).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
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

        decimal ticks = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == 0 || !decimal.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            s = s[i..];
            var j = 0;
            while (j < s.Length && !char.IsAsciiDigit(s[j]) && s[j] != '.')
            {
                j++;
            }

            var unit = s[..j].ToString();
            s = s[j..];
            var found = Array.FindIndex(Units, u => u.Unit == unit);
            if (found < 0)
            {
                return false;
            }

            ticks += amount * Units[found].Ticks;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        var whole = (long)decimal.Round(ticks);
        value = TimeSpan.FromTicks(negative ? -whole : whole);
        return true;
    }
}
