using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>The element a splat is currently applied to; it stands at the root of the splat's traversal.</summary>
internal sealed class AnonSymbolExpr(SourceRange range) : Expr(range)
{
    public HclValue? Current { get; set; }

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics) => Current ?? HclValue.Null;

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
    }
}
