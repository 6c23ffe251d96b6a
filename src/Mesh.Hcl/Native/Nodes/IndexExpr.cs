using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>An index whose key is computed, such as <c>var.weights[local.i]</c>.</summary>
internal sealed class IndexExpr(Expr collection, Expr key, SourceRange bracketRange, SourceRange range) : Expr(range)
{
    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var c = collection.Evaluate(context, diagnostics);
        var k = key.Evaluate(context, diagnostics);
        return diagnostics.Count != before ? HclValue.Null : Indexing.Index(c, k, bracketRange, diagnostics);
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        collection.CollectVariables(found, bound);
        key.CollectVariables(found, bound);
    }
}
