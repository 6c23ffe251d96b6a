namespace Mesh.Controller.Compilation;

/// <summary>The services of the Consul catalog with their instances, as read by the leader.</summary>
/// <param name="Index">The catalog's Consul index when it was read.</param>
/// <param name="Services">Every service by name.</param>
public sealed record CatalogState(ulong Index, IReadOnlyDictionary<string, CatalogService> Services)
{
    /// <summary>An empty catalog.</summary>
    public static CatalogState Empty { get; } = new(0, new Dictionary<string, CatalogService>(StringComparer.Ordinal));
}
