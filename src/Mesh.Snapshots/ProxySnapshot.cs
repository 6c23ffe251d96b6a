using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Gateways;
using Mesh.Snapshots.Routing;
using Mesh.Snapshots.Security;

namespace Mesh.Snapshots;

/// <summary>
/// Everything a proxy needs to serve one destination host: the routes of the virtual service bound to it
/// and the clusters those routes point at. The controller writes one snapshot per host under
/// <c>mesh/compiled/&lt;host&gt;</c>; agents load it and merge in live endpoints from Consul health.
/// </summary>
public sealed record ProxySnapshot
{
    /// <summary>Monotonic version chosen by the controller (for example the Consul index it compiled from); reported back by agents.</summary>
    public required string Version { get; init; }

    /// <summary>The destination host this snapshot serves, as clients address it (<c>reviews</c>, <c>api.payments.example</c>).</summary>
    public required string Host { get; init; }

    /// <summary>When the controller compiled the snapshot.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The ports the host exposes and the protocol spoken on each; a port not listed is treated as HTTP.</summary>
    public IReadOnlyList<ServicePort> Ports { get; init; } = [];

    /// <summary>
    /// For a <c>service_entry</c> host with <c>resolution = "static"</c>, the endpoints to dial instead of resolving
    /// the host by DNS; empty otherwise.
    /// </summary>
    public IReadOnlyList<StaticEndpoint> StaticEndpoints { get; init; } = [];

    /// <summary>HTTP routes in order; the first whose match succeeds wins.</summary>
    public IReadOnlyList<HttpRoute> Http { get; init; } = [];

    /// <summary>TCP routes in order, for ports whose protocol is <c>tcp</c> or <c>tls</c>.</summary>
    public IReadOnlyList<TcpRoute> Tcp { get; init; } = [];

    /// <summary>Clusters the routes refer to, one per destination host (the host's own and any other it splits to).</summary>
    public IReadOnlyList<Cluster> Clusters { get; init; } = [];

    /// <summary>How the host's own workloads authenticate and authorize the requests they receive.</summary>
    public InboundPolicy Inbound { get; init; } = new();

    /// <summary>For a gateway snapshot (host <c>gateway:&lt;name&gt;</c>), the gateway's selector and servers; null otherwise.</summary>
    public GatewaySettings? Gateway { get; init; }
}
