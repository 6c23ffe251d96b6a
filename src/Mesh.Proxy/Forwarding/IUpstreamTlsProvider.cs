using System.Net;
using System.Net.Security;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// Optional: decides per upstream connection whether to speak TLS (the mesh's mTLS between agents). Register an
/// implementation before or after <see cref="Hosting.MeshProxyServiceCollectionExtensions.AddMeshProxy"/>; without
/// one every upstream connection is plain TCP.
/// </summary>
public interface IUpstreamTlsProvider
{
    /// <summary>
    /// The client TLS options for a connection to <paramref name="endpoint"/>, or null for plain TCP. Asked once per new
    /// upstream connection (pooled connections keep what they were opened with); return a fresh instance each time, the
    /// caller may set its ALPN list. A handshake that fails makes the request fail like a refused connection (503).
    /// </summary>
    SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint);
}
