using Mesh.Controller.Compilation;
using Mesh.Snapshots;

namespace Mesh.Controller.Tests;

/// <summary>Compiles one snapshot per catalog service (but Consul itself), so tests see hosts come and go with the catalog.</summary>
internal sealed class FakeSnapshotCompiler : ISnapshotCompiler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<ProxySnapshot> Compile(IReadOnlyList<DesiredResource> desired, CatalogState catalog)
    {
        Interlocked.Increment(ref _calls);
        return [.. catalog.Services.Keys.Where(host => host != "consul").Select(host => new ProxySnapshot { Version = "uncompiled", Host = host })];
    }
}
