using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>A template that is exactly one interpolation (<c>"${x}"</c>): its value passes through unconverted.</summary>
internal sealed class TemplateWrapExpr(Expr wrapped, SourceRange range) : Expr(range)
{
    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics) => wrapped.Evaluate(context, diagnostics);

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound) => wrapped.CollectVariables(found, bound);
}
