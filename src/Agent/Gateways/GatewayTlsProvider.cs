using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.Agent.Endpoints;
using Mesh.Identity;
using Mesh.Proxy.Forwarding;

namespace Mesh.Agent.Gateways;

/// <summary>
/// TLS towards the gateway's upstreams: mesh peers get mTLS with the gateway's own SPIFFE identity; external hosts
/// whose <c>service_entry</c> port speaks https or tls get TLS origination (server certificate checked against the
/// system roots, or <paramref name="externalTrust"/> when given); anything else is plain TCP.
/// </summary>
internal sealed class GatewayTlsProvider(ConsulEndpointSource endpoints, Func<MeshTls> tls, string trustDomain, X509Certificate2Collection? externalTrust) : IUpstreamTlsProvider
{
    private readonly TlsOrigination _origination = new(externalTrust);

    /// <summary>The gateway's current mesh TLS (its SPIFFE identity), for <c>mesh_mutual</c> servers.</summary>
    public MeshTls Mesh => tls();

    /// <summary>Marks <c>address:port</c> as reached with TLS origination to <paramref name="serverName"/> (SNI and certificate name).</summary>
    public void Originate(string address, int port, string serverName) => _origination.Originate(address, port, serverName);

    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoints.GetPeer(endpoint.Host, endpoint.Port) is { } peer)
        {
            return tls().CreateClientOptions(new SpiffeId(trustDomain, peer.Namespace, peer.Service), peer.Service);
        }

        return _origination.GetClientOptions(endpoint);
    }
}
