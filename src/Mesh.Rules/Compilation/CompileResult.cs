using Mesh.Hcl.Diagnostics;
using Mesh.Snapshots;

namespace Mesh.Rules.Compilation;

/// <summary>The output of <see cref="SnapshotCompiler.Compile"/>.</summary>
public sealed record CompileResult
{
    /// <summary>One snapshot per destination host and per gateway (<c>gateway:&lt;name&gt;</c>), ordered by host.</summary>
    public IReadOnlyList<ProxySnapshot> Snapshots { get; init; } = [];

    /// <summary>Per-resource problems found while compiling (for example a subset that selects no instance).</summary>
    public IReadOnlyList<Diagnostic> Findings { get; init; } = [];
}
