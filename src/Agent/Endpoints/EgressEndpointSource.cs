using System.Collections.Concurrent;
using Mesh.Proxy.Endpoints;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// The endpoints a sidecar's outbound proxy dials: the mesh's (Consul instances) first; for a host without any, the
/// endpoints set for it here (a <c>service_entry</c> host's static endpoints or DNS name, or a passthrough host).
/// </summary>
internal sealed class EgressEndpointSource : IEndpointSource, IDisposable
{
    private readonly IEndpointSource _mesh;
    private readonly ConcurrentDictionary<string, IReadOnlyList<UpstreamEndpoint>> _external = new(StringComparer.OrdinalIgnoreCase);

    public EgressEndpointSource(IEndpointSource mesh)
    {
        _mesh = mesh;
        _mesh.EndpointsChanged += OnChanged;
    }

    /// <inheritdoc />
    public event Action<string>? EndpointsChanged;

    /// <inheritdoc />
    public IReadOnlyList<UpstreamEndpoint> GetEndpoints(string host)
    {
        var endpoints = _mesh.GetEndpoints(host);
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

    /// <summary>Drops the endpoints set for <paramref name="hosts"/> (hosts the sidecar no longer remembers).</summary>
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
    public void Dispose() => _mesh.EndpointsChanged -= OnChanged;
}
