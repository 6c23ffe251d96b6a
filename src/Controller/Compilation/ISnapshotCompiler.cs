using Mesh.Snapshots;

namespace Mesh.Controller.Compilation;

/// <summary>Compiles desired resources and the live catalog into one snapshot per destination host.</summary>
public interface ISnapshotCompiler
{
    /// <summary>Compiles; the controller stamps <see cref="ProxySnapshot.Version"/> itself.</summary>
    IReadOnlyList<ProxySnapshot> Compile(IReadOnlyList<DesiredResource> desired, CatalogState catalog);
}
