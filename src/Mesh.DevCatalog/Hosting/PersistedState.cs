using Mesh.DevCatalog.Kv;
using Mesh.DevCatalog.Sessions;

namespace Mesh.DevCatalog.Hosting;

/// <summary>What the data directory keeps across restarts: KV (with deletion markers), sessions and the indexes.</summary>
internal sealed record PersistedState(
    ulong Index,
    ulong KvIndex,
    ulong SessionIndex,
    IReadOnlyList<KvEntry> Kv,
    IReadOnlyDictionary<string, ulong> Tombstones,
    IReadOnlyList<SessionEntry> Sessions);
