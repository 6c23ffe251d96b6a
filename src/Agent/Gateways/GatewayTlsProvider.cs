using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Listeners;
using Mesh.Identity;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;

namespace Mesh.Agent.Gateways;

/// <summary>
/// TLS towards the gateway's upstreams, decided as a sidecar decides (<see cref="OutboundTlsProvider"/> then
/// <see cref="EgressTlsProvider"/>): mesh peers get mTLS with the gateway's own SPIFFE identity; external hosts whose
/// <c>service_entry</c> port speaks https or tls get TLS origination (server certificate checked against the system
/// roots, or <paramref name="externalTrust"/> when given); anything else is plain TCP. A destination rule's <c>tls</c>
/// in the snapshots the gateway serves (<paramref name="destinations"/>) overrides this for its host, as on sidecars:
/// <c>disable</c> dials plain TCP, <c>simple</c>/<c>mutual</c> originate TLS with the rule's settings (Istio's TLS
/// origination at the egress gateway), <c>mesh_mutual</c> keeps the default.
/// </summary>
internal sealed class GatewayTlsProvider(
    ConsulEndpointSource endpoints, Func<MeshTls> tls, string trustDomain, X509Certificate2Collection? externalTrust, DestinationTls? destinations = null)
    : IUpstreamTlsProvider
{
    private readonly EgressTlsProvider _egress = new(
        new OutboundTlsProvider(endpoints, tls, trustDomain) { Destinations = destinations },
        new TlsOrigination(externalTrust));

    /// <summary>The gateway's current mesh TLS (its SPIFFE identity), for <c>mesh_mutual</c> servers.</summary>
    public MeshTls Mesh => tls();

    /// <summary>
    /// Records the <paramref name="targets"/> of the external <paramref name="host"/> reached for <paramref name="requestPort"/>
    /// (so that its destination rule's <c>tls</c> applies to them) and, when <paramref name="serverName"/> is set, marks
    /// them for TLS origination to that name.
    /// </summary>
    public void Reach(ExternalHost host, int? requestPort, IReadOnlyList<UpstreamEndpoint> targets, string? serverName)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(targets);
        var entryPort = host.PortFor(requestPort)?.Number;
        foreach (var target in targets)
        {
            _egress.Origination.Record(target.Address, target.Port, host.Host, entryPort ?? target.Port, target.Labels);
            if (serverName is not null)
            {
                _egress.Origination.Originate(target.Address, target.Port, serverName);
            }
        }
    }

    /// <inheritdoc />
    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) => _egress.GetClientOptions(endpoint);
}
