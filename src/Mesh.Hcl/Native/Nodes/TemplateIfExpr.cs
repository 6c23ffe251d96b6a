using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary><c>%{if cond}...%{else}...%{endif}</c> inside a template.</summary>
internal sealed class TemplateIfExpr(Expr condition, TemplateExpr whenTrue, TemplateExpr? whenFalse, SourceRange range) : Expr(range)
{
    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var c = condition.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        if (!Conversion.TryToBool(c, out var b))
        {
            diagnostics.Error("Invalid 'if' directive condition",
                c.IsNull ? "The condition value is null. Conditions must either be true or false." : $"The condition must be of type bool, not {c.KindName}.",
                condition.Range, Range);
            return HclValue.Null;
        }

        return b ? whenTrue.Evaluate(context, diagnostics) : whenFalse?.Evaluate(context, diagnostics) ?? HclValue.String("");
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        condition.CollectVariables(found, bound);
        whenTrue.CollectVariables(found, bound);
        whenFalse?.CollectVariables(found, bound);
    }
}
