using System.Globalization;
using System.Text;

namespace Mesh.Rules.Model;

/// <summary>Go's duration syntax (<c>"250ms"</c>, <c>"1m30s"</c>, <c>"1.5h"</c>), as the rules language writes durations.</summary>
public static class GoDuration
{
    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        ("ns", 0.01m), ("us", 10m), ("µs", 10m), ("μs", 10m), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>Parses a Go duration; returns false for anything else (a bare number other than 0 included).</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.AsSpan();
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
