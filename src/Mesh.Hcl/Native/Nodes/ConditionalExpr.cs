using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary><c>condition ? a : b</c>. When the results are a string and another primitive, both become strings, as HCL unifies them.</summary>
internal sealed class ConditionalExpr(Expr condition, Expr whenTrue, Expr whenFalse, SourceRange range) : Expr(range)
{
    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var c = condition.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        if (c.IsNull)
        {
            diagnostics.Error("Null condition", "The condition value is null. Conditions must either be true or false.", condition.Range, Range);
            return HclValue.Null;
        }

        if (!Conversion.TryToBool(c, out var b))
        {
            diagnostics.Error("Incorrect condition type", $"The condition expression must be of type bool, not {c.KindName}.", condition.Range, Range);
            return HclValue.Null;
        }

        var chosen = (b ? whenTrue : whenFalse).Evaluate(context, diagnostics);
        var other = (b ? whenFalse : whenTrue).Evaluate(context, new DiagnosticBag());
        if (chosen.Kind != HclValueKind.String && other.Kind == HclValueKind.String && Conversion.TryToString(chosen, out var s))
        {
            return HclValue.String(s);
        }

        return chosen;
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        condition.CollectVariables(found, bound);
        whenTrue.CollectVariables(found, bound);
        whenFalse.CollectVariables(found, bound);
    }
}
