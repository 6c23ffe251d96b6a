using System.Security.Cryptography.X509Certificates;
using Mesh.Agent.Gateways;
using Mesh.Agent.Snapshots;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// How a sidecar's outbound HTTP listener treats hosts that are not its upstreams: requests are routed by their
/// <c>Host</c>; <c>service_entry</c> hosts are reached directly, catalog services through the mesh, and other hosts
/// per <see cref="Policy"/> (Istio's <c>outboundTrafficPolicy</c>).
/// </summary>
/// <param name="Registry">Tells catalog services and <c>service_entry</c> hosts from unknown hosts.</param>
/// <param name="Policy">What happens to unknown hosts: passthrough by DNS (<c>allow_any</c>) or 502 <c>NR</c> (<c>registry_only</c>).</param>
internal sealed record EgressSettings(HostRegistry Registry, OutboundTrafficPolicy Policy)
{
    /// <summary>Watches catalog services reached by host (they get Consul's instances); null: none are watched.</summary>
    public ConsulEndpointSource? Consul { get; init; }

    /// <summary>
    /// Follows the compiled snapshots (virtual service routes, destination rules) of the meshed hosts reached; null:
    /// every host gets a bare route and cluster.
    /// </summary>
    public FollowedSnapshots? Snapshots { get; init; }

    /// <summary>Trusted roots for TLS origination instead of the system's (tests, private CAs).</summary>
    public X509Certificate2Collection? ExternalTrust { get; init; }
}
