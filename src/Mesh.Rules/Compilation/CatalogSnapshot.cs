namespace Mesh.Rules.Compilation;

/// <summary>What the compiler needs of the service catalog: the services, their instances, and the trust domain.</summary>
public sealed record CatalogSnapshot
{
    /// <summary>An empty catalog in the default trust domain.</summary>
    public static CatalogSnapshot Empty { get; } = new();

    /// <summary>The SPIFFE trust domain identities live in.</summary>
    public string TrustDomain { get; init; } = "mesh.local";

    /// <summary>The catalog index (for example Consul's <c>X-Consul-Index</c>) the snapshot was read at.</summary>
    public ulong Index { get; init; }

    /// <summary>The services by name.</summary>
    public IReadOnlyDictionary<string, CatalogService> Services { get; init; } = new Dictionary<string, CatalogService>();

    /// <summary>Builds a catalog from a list of services.</summary>
    public static CatalogSnapshot From(IEnumerable<CatalogService> services, string trustDomain = "mesh.local", ulong index = 0)
    {
        ArgumentNullException.ThrowIfNull(services);
        var byName = new Dictionary<string, CatalogService>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            byName[service.Name] = service;
        }

        return new CatalogSnapshot { Services = byName, TrustDomain = trustDomain, Index = index };
    }
}
