using Mesh.Controller.Compilation;
using Mesh.Snapshots;

namespace Mesh.Controller.Tests;

/// <summary>
/// Compiles one snapshot per catalog service (but Consul itself), so tests see hosts come and go with the catalog; each
/// snapshot names the desired resources in its routes, so an apply changes every snapshot's content.
/// </summary>
internal sealed class FakeSnapshotCompiler : ISnapshotCompiler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<ProxySnapshot> Compile(IReadOnlyList<DesiredResource> desired, CatalogState catalog)
    {
        Interlocked.Increment(ref _calls);
        var routes = desired.Select(d => new Mesh.Snapshots.Routing.HttpRoute { Name = $"{d.Kind}/{d.Name}/{d.CanonicalJson.GetHashCode(StringComparison.Ordinal)}" }).ToList();
        return [.. catalog.Services.Keys.Where(host => host != "consul").Select(host => new ProxySnapshot { Version = "uncompiled", Host = host, Http = routes })];
    }
}
