using Mesh.Consul.Http;

namespace Mesh.Consul.Status;

/// <summary>The <c>/v1/status</c> endpoints.</summary>
public sealed class StatusClient
{
    private readonly ConsulHttp _http;

    internal StatusClient(ConsulHttp http) => _http = http;

    /// <summary>The Raft leader's <c>ip:port</c>, or "" when the cluster has no leader.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<string> LeaderAsync(CancellationToken cancellationToken = default) =>
        _http.SendJsonAsync(HttpMethod.Get, "status/leader", null, null, ConsulJsonContext.Default.String, cancellationToken);
}
