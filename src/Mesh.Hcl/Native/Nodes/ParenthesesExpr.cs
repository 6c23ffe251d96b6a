using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>An expression in parentheses; it matters for object keys, where <c>(a)</c> is evaluated and <c>a</c> is not.</summary>
internal sealed class ParenthesesExpr(Expr inner, SourceRange range) : Expr(range)
{
    public Expr Inner { get; } = inner;

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics) => Inner.Evaluate(context, diagnostics);

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound) => Inner.CollectVariables(found, bound);
}
