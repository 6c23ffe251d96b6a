using System.Globalization;

namespace MultiHost.Tests;

/// <summary>The outcome of one request: status (0 when none), and the x-served-by and x-caller response headers.</summary>
internal sealed record TrafficResult(int Status, string ServedBy, string Caller)
{
    /// <summary>Parses a curl <c>-w "%{http_code}|%header{x-served-by}|%header{x-caller}"</c> line.</summary>
    public static TrafficResult Parse(string line)
    {
        var parts = line.Split('|');
        var status = int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return new TrafficResult(status, parts.Length > 1 ? parts[1].Trim() : "", parts.Length > 2 ? parts[2].Trim() : "");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Status} [{ServedBy}] [{Caller}]");
}
