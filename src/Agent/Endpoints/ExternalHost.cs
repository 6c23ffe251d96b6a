using Mesh.Snapshots;

namespace Mesh.Agent.Endpoints;

/// <summary>What the registry says about a host: known or not, and for a <c>service_entry</c> host its ports.</summary>
/// <param name="Host">The host name.</param>
/// <param name="Known">Whether the host is a catalog service or a <c>service_entry</c> host.</param>
/// <param name="Ports">The ports of a <c>service_entry</c> host; empty for catalog services and unknown hosts.</param>
/// <param name="StaticEndpoints">The endpoints of a <c>service_entry</c> host with <c>resolution = "static"</c>; empty otherwise (dialled by DNS name).</param>
internal sealed record ExternalHost(string Host, bool Known, IReadOnlyList<ServicePort> Ports, IReadOnlyList<StaticEndpoint> StaticEndpoints)
{
    /// <summary>A host without static endpoints.</summary>
    public ExternalHost(string host, bool known, IReadOnlyList<ServicePort> ports)
        : this(host, known, ports, [])
    {
    }

    /// <summary>What the compiled snapshot of a known host says about it: a <c>service_entry</c>'s ports and static endpoints.</summary>
    public static ExternalHost Compiled(string host, ProxySnapshot snapshot) => new(host, true, snapshot.Ports, snapshot.StaticEndpoints);

    /// <summary>Whether the host is outside the mesh (a <c>service_entry</c> host with ports).</summary>
    public bool IsExternal => Ports.Count > 0;

    /// <summary>The port to dial for a request that named <paramref name="requestPort"/> (or none).</summary>
    public ServicePort? PortFor(int? requestPort) =>
        Ports.FirstOrDefault(p => p.Number == requestPort) ?? (Ports.Count > 0 ? Ports[0] : null);

    /// <summary>Whether the port is reached with TLS origination (protocol <c>https</c> or <c>tls</c>).</summary>
    public static bool Originates(ServicePort port) => port.Protocol is PortProtocol.Https or PortProtocol.Tls;
}
