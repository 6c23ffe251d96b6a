using System.Net;
using System.Net.Security;
using Mesh.Agent.Endpoints;
using Mesh.Identity;
using Mesh.Proxy.Forwarding;

namespace Mesh.Agent.Listeners;

/// <summary>
/// mTLS towards mesh peers: an endpoint Consul reports as meshed (it carries <c>mesh-inbound-port</c>) is dialled
/// with the calling service's certificate and must present the destination service's SPIFFE id; other endpoints
/// (services outside the mesh) get plain TCP.
/// </summary>
internal sealed class OutboundTlsProvider(ConsulEndpointSource endpoints, Func<MeshTls> tls, string trustDomain) : IUpstreamTlsProvider
{
    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoints.GetPeer(endpoint.Host, endpoint.Port) is not { } peer)
        {
            return null;
        }

        return tls().CreateClientOptions(new SpiffeId(trustDomain, peer.Namespace, peer.Service), peer.Service);
    }
}
