using System.Net;
using System.Net.Security;
using Mesh.Agent.Endpoints;
using Mesh.Identity;
using Mesh.Proxy.Forwarding;

namespace Mesh.Agent.Listeners;

/// <summary>
/// mTLS towards mesh peers: an endpoint Consul reports as meshed (it carries <c>mesh-inbound-port</c>) is dialled
/// with the calling service's certificate and must present the destination service's SPIFFE id; other endpoints
/// (services outside the mesh) get plain TCP. A destination rule's <c>tls</c> for the peer's service
/// (<see cref="Destinations"/>) overrides this: <c>disable</c> dials the peer in plain TCP (its strict mode then refuses),
/// <c>simple</c>/<c>mutual</c> use the rule's certificates, <c>mesh_mutual</c> is the default above.
/// </summary>
internal sealed class OutboundTlsProvider(ConsulEndpointSource endpoints, Func<MeshTls> tls, string trustDomain) : IUpstreamTlsProvider
{
    /// <summary>The destination rules' <c>tls</c> settings; null applies none.</summary>
    public DestinationTls? Destinations { get; init; }

    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoints.GetPeer(endpoint.Host, endpoint.Port) is not { } peer)
        {
            return null;
        }

        if (Destinations is { } destinations)
        {
            var host = destinations.Find(peer.Service)?.Host ?? peer.Service;
            var labels = DestinationTls.LabelsOf(endpoints, host, endpoint.Host, endpoint.Port);
            switch (destinations.Decide(destinations.Resolve(peer.Service, endpoint.Port, labels), out var options))
            {
                case ClientTlsDecision.Plain:
                    return null;
                case ClientTlsDecision.Originate:
                    return options;
            }
        }

        return tls().CreateClientOptions(new SpiffeId(trustDomain, peer.Namespace, peer.Service), peer.Service);
    }
}
