using System.Net;
using System.Net.Security;
using Mesh.Agent.Listeners;
using Mesh.Proxy.Forwarding;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// TLS of a sidecar's upstream connections: mesh peers as <paramref name="mesh"/> decides (mTLS, or a destination rule's
/// <c>tls</c>); a <c>service_entry</c> endpoint with the destination rule's <c>tls</c> of its host when one is set
/// (<c>disable</c>: plain, <c>simple</c>/<c>mutual</c>: TLS origination with the rule's settings), else TLS origination
/// where the entry port is https/tls; else plain TCP.
/// </summary>
internal sealed class EgressTlsProvider(IUpstreamTlsProvider mesh, TlsOrigination origination) : IUpstreamTlsProvider
{
    /// <summary>The endpoints reached with TLS origination.</summary>
    public TlsOrigination Origination => origination;

    /// <inheritdoc />
    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint)
    {
        if (mesh.GetClientOptions(endpoint) is { } meshOptions)
        {
            return meshOptions;
        }

        if ((mesh as OutboundTlsProvider)?.Destinations is { } destinations && origination.DestinationOf(endpoint) is { } destination)
        {
            switch (destinations.Decide(destinations.Resolve(destination.Host, destination.Port, destination.Labels), out var options))
            {
                case ClientTlsDecision.Plain:
                    return null;
                case ClientTlsDecision.Originate:
                    return options;
            }
        }

        return origination.GetClientOptions(endpoint);
    }
}
