namespace Mesh.Snapshots.Security;

/// <summary>How a workload's inbound listener authenticates peers and authorizes requests.</summary>
public sealed record InboundPolicy
{
    /// <summary>Whether mutual TLS is required on the workload's ports that <see cref="PortModes"/> does not name.</summary>
    public PeerAuthenticationMode Mode { get; init; } = PeerAuthenticationMode.Permissive;

    /// <summary>
    /// Per-port overrides of <see cref="Mode"/>, by the workload's port number (Istio's <c>portLevelMtls</c>):
    /// a listener in front of port 8080 applies <c>PortModes[8080]</c> when present.
    /// </summary>
    public IReadOnlyDictionary<int, PeerAuthenticationMode> PortModes { get; init; } = new Dictionary<int, PeerAuthenticationMode>();

    /// <summary>The authorization policies selecting the workload, evaluated deny first, then allow; audit ones only log.</summary>
    public IReadOnlyList<AuthorizationPolicy> Policies { get; init; } = [];

    /// <summary>The mode that applies to one of the workload's ports: its port-level override, else <see cref="Mode"/>.</summary>
    /// <param name="port">The workload's port.</param>
    public PeerAuthenticationMode ModeFor(int port) => PortModes.TryGetValue(port, out var mode) ? mode : Mode;
}
