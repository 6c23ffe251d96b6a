using Mesh.Proxy.Endpoints;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// Where a <c>service_entry</c> host is dialled, shared by gateways and sidecars: the entry's static endpoints
/// (<c>resolution = "static"</c>, each on its port for the entry port) or the host name itself on the entry port,
/// resolved by DNS at connect time (<c>resolution = "dns"</c>); with the server name to originate TLS to when the entry
/// port's protocol is <c>https</c> or <c>tls</c>.
/// </summary>
internal static class ExternalTargets
{
    /// <summary>The endpoints of <paramref name="host"/> for a request that named <paramref name="requestPort"/> (or no port).</summary>
    /// <returns>The endpoints, and the TLS server name (SNI) when TLS is originated, else null.</returns>
    public static (IReadOnlyList<UpstreamEndpoint> Endpoints, string? ServerName) For(ExternalHost host, int? requestPort)
    {
        if (host.PortFor(requestPort) is not { } entryPort)
        {
            return ([], null);
        }

        var serverName = ExternalHost.Originates(entryPort) ? host.Host : null;
        if (host.StaticEndpoints.Count == 0)
        {
            return ([new UpstreamEndpoint { Address = host.Host, Port = entryPort.Number }], serverName);
        }

        var targets = host.StaticEndpoints
            .Select(e => new UpstreamEndpoint { Address = e.Address, Port = e.PortFor(entryPort), Labels = e.Labels, Weight = e.Weight ?? 1 })
            .ToList();
        return (targets, serverName);
    }

    /// <summary>The endpoint of a host outside the registry under <c>allow_any</c> (Istio's PassthroughCluster): the host itself.</summary>
    public static IReadOnlyList<UpstreamEndpoint> Passthrough(string host, int? requestPort) =>
        [new UpstreamEndpoint { Address = host, Port = requestPort ?? 80 }];
}
