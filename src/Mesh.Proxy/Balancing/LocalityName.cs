namespace Mesh.Proxy.Balancing;

/// <summary>A parsed locality <c>region/zone/subzone</c>; missing parts are empty.</summary>
internal readonly record struct LocalityName(string Region, string Zone, string Subzone)
{
    /// <summary>The unknown locality.</summary>
    public static LocalityName Unknown { get; } = new("", "", "");

    /// <summary>True when no region is known.</summary>
    public bool IsUnknown => Region.Length == 0;

    /// <summary>Parses <c>region/zone/subzone</c> (each part optional).</summary>
    public static LocalityName Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Unknown;
        }

        var parts = text.Trim().Split('/');
        return new LocalityName(
            parts[0],
            parts.Length > 1 ? parts[1] : "",
            parts.Length > 2 ? parts[2] : "");
    }

    /// <summary>
    /// Istio's locality match: <paramref name="pattern"/> is <c>region/zone/subzone</c> where a <c>*</c> part matches
    /// that part and everything after it, and a missing part matches anything.
    /// </summary>
    public bool Matches(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parts = pattern.Trim().Split('/');
        string[] mine = [Region, Zone, Subzone];
        for (var i = 0; i < parts.Length && i < mine.Length; i++)
        {
            if (parts[i] == "*")
            {
                return true;
            }

            if (!string.Equals(parts[i], mine[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Region + "/" + Zone + "/" + Subzone;
}
