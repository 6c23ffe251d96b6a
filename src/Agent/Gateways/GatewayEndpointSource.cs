using System.Collections.Concurrent;
using Mesh.Agent.Endpoints;
using Mesh.Proxy.Endpoints;

namespace Mesh.Agent.Gateways;

/// <summary>
/// Endpoints for the gateway's proxy: Consul's passing instances for mesh services, and for hosts outside the
/// catalog either the entry's static endpoints (<c>resolution = "static"</c>) or the host name itself with the entry's
/// port, resolved by DNS when connecting (<c>service_entry</c> hosts with DNS resolution, any host under <c>allow_any</c>).
/// </summary>
internal sealed class GatewayEndpointSource : IEndpointSource, IDisposable
{
    private readonly ConsulEndpointSource _consul;
    private readonly ConcurrentDictionary<string, IReadOnlyList<UpstreamEndpoint>> _external = new(StringComparer.OrdinalIgnoreCase);

    public GatewayEndpointSource(ConsulEndpointSource consul)
    {
        _consul = consul;
        _consul.EndpointsChanged += OnChanged;
    }

    public event Action<string>? EndpointsChanged;

    public ConsulEndpointSource Consul => _consul;

    /// <summary>How many hosts have endpoints set here, outside Consul.</summary>
    public int HostsOutsideConsul => _external.Count;

    public IReadOnlyList<UpstreamEndpoint> GetEndpoints(string host)
    {
        var endpoints = _consul.GetEndpoints(host);
        return endpoints.Count == 0 && _external.TryGetValue(host, out var external) ? external : endpoints;
    }

    /// <summary>Makes <paramref name="host"/> reachable at its DNS name and <paramref name="port"/> when Consul has no instance of it.</summary>
    public void SetExternal(string host, int port)
    {
        _external[host] = [new UpstreamEndpoint { Address = host, Port = port }];
        EndpointsChanged?.Invoke(host);
    }

    /// <summary>Makes <paramref name="host"/> reachable at fixed endpoints when Consul has no instance of it.</summary>
    public void SetStatic(string host, IReadOnlyList<UpstreamEndpoint> endpoints)
    {
        _external[host] = endpoints;
        EndpointsChanged?.Invoke(host);
    }

    /// <summary>Drops the endpoints set for <paramref name="hosts"/> outside Consul (hosts the gateway no longer remembers).</summary>
    public void Forget(IEnumerable<string> hosts)
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

    public void Dispose() => _consul.EndpointsChanged -= OnChanged;
}
