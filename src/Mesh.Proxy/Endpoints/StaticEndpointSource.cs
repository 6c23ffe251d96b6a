using System.Collections.Concurrent;

namespace Mesh.Proxy.Endpoints;

/// <summary>An in-memory <see cref="IEndpointSource"/> (tests, <c>meshctl dev</c>, static service entries).</summary>
public sealed class StaticEndpointSource : IEndpointSource
{
    private readonly ConcurrentDictionary<string, UpstreamEndpoint[]> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public event Action<string>? EndpointsChanged;

    /// <summary>Replaces the endpoints of a host and notifies listeners.</summary>
    public void Set(string host, params UpstreamEndpoint[] endpoints)
    {
        ArgumentNullException.ThrowIfNull(host);
        _endpoints[host] = (UpstreamEndpoint[])endpoints.Clone();
        EndpointsChanged?.Invoke(host);
    }

    /// <inheritdoc />
    public IReadOnlyList<UpstreamEndpoint> GetEndpoints(string host) =>
        _endpoints.TryGetValue(host, out var endpoints) ? endpoints : [];
}
