using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>A static step after a variable or expression: <c>.name</c>, <c>.0</c> or <c>["key"]</c>.</summary>
internal sealed record TraversalStepNode(string? Name, HclValue? Key, SourceRange Range)
{
    public HclValue Apply(HclValue value, DiagnosticBag diagnostics)
        => Name is not null
            ? Indexing.GetAttribute(value, Name, Range, diagnostics)
            : Indexing.Index(value, Key!, Range, diagnostics);
}
