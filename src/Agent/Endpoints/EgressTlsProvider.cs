using System.Net;
using System.Net.Security;
using Mesh.Proxy.Forwarding;

namespace Mesh.Agent.Endpoints;

/// <summary>TLS of a sidecar's upstream connections: the mesh's mTLS for mesh peers, else TLS origination where marked, else plain TCP.</summary>
internal sealed class EgressTlsProvider(IUpstreamTlsProvider mesh, TlsOrigination origination) : IUpstreamTlsProvider
{
    /// <summary>The endpoints reached with TLS origination.</summary>
    public TlsOrigination Origination => origination;

    /// <inheritdoc />
    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) =>
        mesh.GetClientOptions(endpoint) ?? origination.GetClientOptions(endpoint);
}
