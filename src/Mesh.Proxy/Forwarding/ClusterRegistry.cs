using System.Collections.Concurrent;

namespace Mesh.Proxy.Forwarding;

/// <summary>All (host, subset) cluster states of this proxy; refreshes endpoints when the source reports a change.</summary>
internal sealed class ClusterRegistry : IDisposable
{
    private readonly ConcurrentDictionary<(string Host, string Subset, int Port), ClusterState> _clusters = new();
    private readonly ProxyServices _services;

    /// <summary>Subscribes to endpoint changes.</summary>
    public ClusterRegistry(ProxyServices services)
    {
        _services = services;
        services.Endpoints.EndpointsChanged += OnEndpointsChanged;
    }

    /// <summary>
    /// The state of a host's subset (null or empty subset = all endpoints); <paramref name="port"/> is a destination
    /// port with its own <c>port_level_settings</c> (0 = the state shared by all other ports).
    /// </summary>
    public ClusterState Get(string host, string? subset, int port = 0) =>
        _clusters.GetOrAdd((host, subset ?? "", port), static (key, services) => new ClusterState(key.Host, key.Subset.Length == 0 ? null : key.Subset, services, key.Port), _services);

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
