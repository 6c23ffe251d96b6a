using System.Globalization;

namespace Mesh.Nomad.Watching;

/// <summary>Parses the <c>mesh_upstreams</c> meta value: <c>"reviews:9191, ratings:9192"</c>.</summary>
internal static class UpstreamList
{
    /// <summary>Parses <paramref name="value"/>; entries that are not <c>name:port</c> land in <paramref name="rejected"/>.</summary>
    public static IReadOnlyList<MeshUpstream> Parse(string? value, List<string> rejected)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var upstreams = new List<MeshUpstream>();
        foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = raw.LastIndexOf(':');
            if (colon <= 0
                || !IsServiceName(raw.AsSpan(0, colon))
                || !int.TryParse(raw.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                rejected.Add(raw);
                continue;
            }

            var name = raw[..colon];
            if (upstreams.Exists(u => u.ServiceName == name || u.LocalPort == port))
            {
                rejected.Add(raw);
                continue;
            }

            upstreams.Add(new MeshUpstream(name, port));
        }

        return upstreams;
    }

    // Nomad and Consul service names: letters, digits, dashes and dots (RFC 1123 labels).
    private static bool IsServiceName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.' and not '_')
            {
                return false;
            }
        }

        return name.Length > 0;
    }
}
