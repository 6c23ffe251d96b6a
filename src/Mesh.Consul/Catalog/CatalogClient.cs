using Mesh.Consul.Http;

namespace Mesh.Consul.Catalog;

/// <summary>The <c>/v1/catalog</c> endpoints.</summary>
public sealed class CatalogClient
{
    private readonly ConsulHttp _http;

    internal CatalogClient(ConsulHttp http) => _http = http;

    /// <summary>Lists the services of the datacenter with their tags.</summary>
    /// <param name="options">Blocking and consistency options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<QueryResult<IReadOnlyDictionary<string, string[]>>> ServicesAsync(
        QueryOptions? options = null, CancellationToken cancellationToken = default) =>
        _http.QueryAsync<Dictionary<string, string[]>, IReadOnlyDictionary<string, string[]>>(
            "catalog/services", new QueryParameters(), options,
            ConsulJsonContext.Default.DictionaryStringStringArray, static services => services, null, cancellationToken);
}
