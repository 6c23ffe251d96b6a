using System.Net.Security;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// The destination rule <c>tls</c> of the snapshots an agent serves, looked up per upstream connection: the cluster of
/// the destination (by host, else by Consul service), then <see cref="ClientTlsPolicy"/> for the endpoint's port and
/// labels. Null settings (no rule, or no <c>tls</c>) keep the agent's default (mesh mTLS for peers, origination for
/// https/tls <c>service_entry</c> ports).
/// </summary>
internal sealed class DestinationTls(Func<IEnumerable<ProxySnapshot>> snapshots, ClientTlsOptionsFactory factory)
{
    /// <summary>Builds the client options of <c>simple</c> and <c>mutual</c> settings.</summary>
    public ClientTlsOptionsFactory Factory => factory;

    /// <summary>
    /// The settings for an endpoint of destination <paramref name="name"/> (a host, or a Consul service name for mesh
    /// peers) on <paramref name="port"/>; <paramref name="labels"/> select the subset. Null when no rule sets <c>tls</c>.
    /// </summary>
    public (string Host, ClientTlsSettings Settings)? Resolve(string name, int port, IReadOnlyDictionary<string, string>? labels)
    {
        if (Find(name) is not { } cluster)
        {
            return null;
        }

        return ClientTlsPolicy.Effective(cluster, port, labels ?? System.Collections.Frozen.FrozenDictionary<string, string>.Empty) is { } settings ? (cluster.Host, settings) : null;
    }

    /// <summary>
    /// What an endpoint with resolved settings gets: <see cref="ClientTlsDecision.Default"/> (no settings, or
    /// <c>mesh_mutual</c>), <see cref="ClientTlsDecision.Plain"/> (<c>disable</c>), or TLS with <paramref name="options"/>.
    /// </summary>
    public ClientTlsDecision Decide((string Host, ClientTlsSettings Settings)? resolved, out SslClientAuthenticationOptions? options)
    {
        options = null;
        if (resolved is not { } r)
        {
            return ClientTlsDecision.Default;
        }

        switch (r.Settings.Mode)
        {
            case TlsMode.Disable:
                return ClientTlsDecision.Plain;
            case TlsMode.Simple or TlsMode.Mutual:
                options = factory.Create(r.Settings, r.Host);
                return ClientTlsDecision.Originate;
            default:
                return ClientTlsDecision.Default;
        }
    }

    /// <summary>The labels of the endpoint <paramref name="address"/>:<paramref name="port"/> among <paramref name="host"/>'s endpoints in <paramref name="source"/>.</summary>
    public static IReadOnlyDictionary<string, string>? LabelsOf(IEndpointSource source, string host, string address, int port)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var endpoint in source.GetEndpoints(host))
        {
            if (endpoint.Port == port && string.Equals(endpoint.Address, address, StringComparison.OrdinalIgnoreCase))
            {
                return endpoint.Labels;
            }
        }

        return null;
    }

    /// <summary>The cluster for a destination: the host's own snapshot first, then any cluster of that host or Consul service.</summary>
    public Cluster? Find(string name)
    {
        Cluster? byService = null;
        Cluster? byHost = null;
        foreach (var snapshot in snapshots())
        {
            foreach (var cluster in snapshot.Clusters)
            {
                if (string.Equals(cluster.Host, name, StringComparison.OrdinalIgnoreCase))
                {
                    if (string.Equals(snapshot.Host, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return cluster;
                    }

                    byHost ??= cluster;
                }
                else if (cluster.Service is { } service && string.Equals(service, name, StringComparison.OrdinalIgnoreCase))
                {
                    byService ??= cluster;
                }
            }
        }

        return byHost ?? byService;
    }
}
