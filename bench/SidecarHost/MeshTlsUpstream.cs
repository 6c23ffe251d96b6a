using System.Net;
using System.Net.Security;
using Mesh.Identity;
using Mesh.Proxy.Forwarding;

namespace Mesh.Bench.SidecarHost;

/// <summary>mTLS to every upstream, expecting the benchmark service's SPIFFE id.</summary>
internal sealed class MeshTlsUpstream(MeshTls tls, SpiffeId expectedServer) : IUpstreamTlsProvider
{
    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) => tls.CreateClientOptions(expectedServer);
}
