using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>
/// <c>list[*].attr</c> or <c>list.*.attr</c>: applies <c>Each</c> to every element. A null source gives an empty
/// tuple and a single non-list value is treated as a one-element tuple, as HCL does.
/// </summary>
internal sealed class SplatExpr(Expr source, Expr each, AnonSymbolExpr item, SourceRange range) : Expr(range)
{
    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var s = source.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        if (s.IsNull)
        {
            return HclValue.EmptyTuple;
        }

        var elements = s.IsSequence ? s.Elements : [s];
        var results = new List<HclValue>(elements.Length);
        foreach (var e in elements)
        {
            item.Current = e;
            results.Add(each.Evaluate(context, diagnostics));
        }

        item.Current = null;
        return HclValue.Tuple(results);
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        source.CollectVariables(found, bound);
        each.CollectVariables(found, bound);
    }
}
