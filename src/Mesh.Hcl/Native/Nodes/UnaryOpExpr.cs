using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>Negation (<c>-x</c>) or logical not (<c>!x</c>).</summary>
internal sealed class UnaryOpExpr(bool isNot, Expr operand, SourceRange range) : Expr(range)
{
    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var v = operand.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        if (isNot)
        {
            if (Conversion.TryToBool(v, out var b))
            {
                return HclValue.Bool(!b);
            }

            diagnostics.Error("Invalid operand", $"Unsuitable value for unary operand: a bool is required, not {Describe(v)}.", operand.Range, Range);
            return HclValue.Null;
        }

        if (Conversion.TryToNumber(v, out var n))
        {
            return HclValue.Number(-n);
        }

        diagnostics.Error("Invalid operand", $"Unsuitable value for unary operand: a number is required, not {Describe(v)}.", operand.Range, Range);
        return HclValue.Null;
    }

    private static string Describe(HclValue v) => v.IsNull ? "null" : "a " + v.KindName;

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound) => operand.CollectVariables(found, bound);
}
