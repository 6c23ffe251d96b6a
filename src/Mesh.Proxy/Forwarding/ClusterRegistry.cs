using System.Collections.Concurrent;

namespace Mesh.Proxy.Forwarding;

/// <summary>All (host, subset) cluster states of this proxy; refreshes endpoints when the source reports a change.</summary>
internal sealed class ClusterRegistry : IDisposable
{
    private readonly ConcurrentDictionary<(string Host, string Subset), ClusterState> _clusters = new();
    private readonly ProxyServices _services;

    /// <summary>Subscribes to endpoint changes.</summary>
    public ClusterRegistry(ProxyServices services)
    {
        _services = services;
        services.Endpoints.EndpointsChanged += OnEndpointsChanged;
    }

    /// <summary>The state of a host's subset (null or empty subset = all endpoints).</summary>
    public ClusterState Get(string host, string? subset) =>
        _clusters.GetOrAdd((host, subset ?? ""), static (key, services) => new ClusterState(key.Host, key.Subset.Length == 0 ? null : key.Subset, services), _services);

    private void OnEndpointsChanged(string host)
    {
        foreach (var (key, state) in _clusters)
        {
            if (string.Equals(key.Host, host, StringComparison.OrdinalIgnoreCase))
            {
                state.RefreshEndpoints();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _services.Endpoints.EndpointsChanged -= OnEndpointsChanged;
        foreach (var state in _clusters.Values)
        {
            state.Dispose();
        }
    }
}
