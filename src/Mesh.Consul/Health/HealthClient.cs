using Mesh.Consul.Http;

namespace Mesh.Consul.Health;

/// <summary>The <c>/v1/health</c> endpoints.</summary>
public sealed class HealthClient
{
    private readonly ConsulHttp _http;

    internal HealthClient(ConsulHttp http) => _http = http;

    /// <summary>Lists the instances of a service with their checks; an unknown service is an empty list.</summary>
    /// <param name="service">The service name.</param>
    /// <param name="passing">Only instances whose checks (node's included) are all passing (<c>?passing</c>).</param>
    /// <param name="options">Blocking and consistency options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<QueryResult<IReadOnlyList<ServiceEntry>>> ServiceAsync(
        string service, bool passing = false, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        var parameters = new QueryParameters();
        if (passing)
        {
            parameters.Add("passing");
        }

        return _http.QueryAsync<List<ServiceEntry>, IReadOnlyList<ServiceEntry>>(
            "health/service/" + Uri.EscapeDataString(service), parameters, options,
            ConsulJsonContext.Default.ListServiceEntry, static entries => entries, null, cancellationToken);
    }
}
