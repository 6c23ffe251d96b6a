using Mesh.Snapshots.Clusters;

namespace Mesh.Snapshots;

/// <summary>
/// A fixed endpoint of a <c>service_entry</c> host with <c>resolution = "static"</c> (an <c>endpoint</c> block):
/// proxies dial its address instead of resolving the host by DNS.
/// </summary>
public sealed record StaticEndpoint
{
    /// <summary>The IP address or host name to dial.</summary>
    public required string Address { get; init; }

    /// <summary>
    /// Port overrides by service port name (or number written as text): a request for the host's port named
    /// <c>https</c> dials <c>Ports["https"]</c> when present, otherwise the service port's own number.
    /// </summary>
    public IReadOnlyDictionary<string, int> Ports { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The endpoint's labels (for subsets).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels.Instance;

    /// <summary>The load balancing weight, when set.</summary>
    public int? Weight { get; init; }

    /// <summary>The port to dial for <paramref name="port"/>: its name's override, then its number's, then the number itself.</summary>
    public int PortFor(ServicePort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (port.Name is { Length: > 0 } name && Ports.TryGetValue(name, out var byName))
        {
            return byName;
        }

        return Ports.TryGetValue(port.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), out var byNumber) ? byNumber : port.Number;
    }
}
