using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, bool> _originate = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Marks <c>host:port</c> as reached with TLS origination.</summary>
    public void Originate(string host, int port) => _originate[host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture)] = true;

    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoints.GetPeer(endpoint.Host, endpoint.Port) is { } peer)
        {
            return tls().CreateClientOptions(new SpiffeId(trustDomain, peer.Namespace, peer.Service), peer.Service);
        }

        if (!_originate.ContainsKey(endpoint.Host + ":" + endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            return null;
        }

        var options = new SslClientAuthenticationOptions { TargetHost = endpoint.Host };
        if (externalTrust is not null)
        {
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(externalTrust);
        }

        return options;
    }
}
