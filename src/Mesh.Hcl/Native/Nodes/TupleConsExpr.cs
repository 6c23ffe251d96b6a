using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary><c>[a, b, c]</c>.</summary>
internal sealed class TupleConsExpr(IReadOnlyList<Expr> items, SourceRange range) : Expr(range)
{
    public IReadOnlyList<Expr> Items { get; } = items;

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var values = new HclValue[Items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Items[i].Evaluate(context, diagnostics);
        }

        return HclValue.Tuple(values);
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        foreach (var item in Items)
        {
            item.CollectVariables(found, bound);
        }
    }
}
