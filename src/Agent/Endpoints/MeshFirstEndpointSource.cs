using System.Collections.Concurrent;
using Mesh.Proxy.Endpoints;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// The endpoints a sidecar's outbound proxy or a gateway dials: the mesh's (Consul's passing instances) first; for a
/// host without any, the endpoints set for it here: a <c>service_entry</c> host's static endpoints, its DNS name with the
/// entry's port (DNS resolution, or any host under <c>allow_any</c>), or a passthrough host.
/// </summary>
/// <typeparam name="TMesh">The mesh's source, which its owner also asks to track hosts.</typeparam>
internal sealed class MeshFirstEndpointSource<TMesh> : IEndpointSource, IDisposable
    where TMesh : IEndpointSource
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<UpstreamEndpoint>> _external = new(StringComparer.OrdinalIgnoreCase);

    public MeshFirstEndpointSource(TMesh mesh)
    {
        Mesh = mesh;
        Mesh.EndpointsChanged += OnChanged;
    }

    /// <inheritdoc />
    public event Action<string>? EndpointsChanged;

    /// <summary>The mesh's endpoints, consulted first.</summary>
    public TMesh Mesh { get; }

    /// <summary>How many hosts have endpoints set here, outside the mesh.</summary>
    public int HostsOutsideMesh => _external.Count;

    /// <inheritdoc />
    public IReadOnlyList<UpstreamEndpoint> GetEndpoints(string host)
    {
        var endpoints = Mesh.GetEndpoints(host);
        return endpoints.Count == 0 && _external.TryGetValue(host, out var external) ? external : endpoints;
    }

    /// <summary>Sets the endpoints of <paramref name="host"/> used while the mesh has none.</summary>
    public void Set(string host, IReadOnlyList<UpstreamEndpoint> endpoints)
    {
        if (_external.TryGetValue(host, out var current) && current.SequenceEqual(endpoints))
        {
            return;
        }

        _external[host] = endpoints;
        EndpointsChanged?.Invoke(host);
    }

    /// <summary>Makes <paramref name="host"/> reachable at its DNS name and <paramref name="port"/> while the mesh has no instance of it.</summary>
    public void SetDnsName(string host, int port) => Set(host, [new UpstreamEndpoint { Address = host, Port = port }]);

    /// <summary>Drops the endpoints set for <paramref name="hosts"/> (hosts the proxy no longer remembers).</summary>
    public void Remove(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            if (_external.TryRemove(host, out _))
            {
                EndpointsChanged?.Invoke(host);
            }
        }
    }

    private void OnChanged(string host) => EndpointsChanged?.Invoke(host);

    /// <inheritdoc />
    public void Dispose() => Mesh.EndpointsChanged -= OnChanged;
}
