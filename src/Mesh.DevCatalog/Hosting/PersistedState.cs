using Mesh.DevCatalog.Catalog;
using Mesh.DevCatalog.Kv;
using Mesh.DevCatalog.Sessions;

namespace Mesh.DevCatalog.Hosting;

/// <summary>
/// What the data directory keeps across restarts: KV (with deletion markers), sessions, the catalog (services, checks,
/// nodes registered through <c>/v1/catalog/register</c>) and the indexes. The catalog fields are absent from files
/// written before they existed, hence optional.
/// </summary>
internal sealed record PersistedState(
    ulong Index,
    ulong KvIndex,
    ulong SessionIndex,
    IReadOnlyList<KvEntry> Kv,
    IReadOnlyDictionary<string, ulong> Tombstones,
    IReadOnlyList<SessionEntry> Sessions,
    ulong CatalogIndex = 0,
    IReadOnlyList<ServiceInstance>? Services = null,
    IReadOnlyList<PersistedCheck>? Checks = null,
    IReadOnlyList<NodeInfo>? Nodes = null,
    IReadOnlyList<PersistedNodeService>? NodeServices = null,
    IReadOnlyList<CheckState>? NodeChecks = null);
