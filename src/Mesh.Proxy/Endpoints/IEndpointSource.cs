namespace Mesh.Proxy.Endpoints;

/// <summary>Live endpoints per service host (Consul health, a static list in tests).</summary>
public interface IEndpointSource
{
    /// <summary>The current endpoints of a host; empty when unknown. The list must not be mutated.</summary>
    IReadOnlyList<UpstreamEndpoint> GetEndpoints(string host);

    /// <summary>Raised with the host name after that host's endpoints changed.</summary>
    event Action<string>? EndpointsChanged;
}
