using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>A binary operation. Arithmetic and comparison convert operands to numbers, logic to bools; equality does not convert.</summary>
internal sealed class BinaryOpExpr(BinaryOperator op, Expr left, Expr right, SourceRange range) : Expr(range)
{
    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var l = left.Evaluate(context, diagnostics);
        var r = right.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        switch (op)
        {
            case BinaryOperator.Equal:
                return HclValue.Bool(l.Equals(r));
            case BinaryOperator.NotEqual:
                return HclValue.Bool(!l.Equals(r));
            case BinaryOperator.And or BinaryOperator.Or:
                if (!Bool(l, left, "left", diagnostics, out var lb) | !Bool(r, right, "right", diagnostics, out var rb))
                {
                    return HclValue.Null;
                }

                return HclValue.Bool(op == BinaryOperator.And ? lb && rb : lb || rb);
        }

        if (!Number(l, left, "left", diagnostics, out var a) | !Number(r, right, "right", diagnostics, out var b))
        {
            return HclValue.Null;
        }

        try
        {
            return op switch
            {
                BinaryOperator.GreaterThan => HclValue.Bool(a > b),
                BinaryOperator.GreaterThanOrEqual => HclValue.Bool(a >= b),
                BinaryOperator.LessThan => HclValue.Bool(a < b),
                BinaryOperator.LessThanOrEqual => HclValue.Bool(a <= b),
                BinaryOperator.Add => HclValue.Number(a + b),
                BinaryOperator.Subtract => HclValue.Number(a - b),
                BinaryOperator.Multiply => HclValue.Number(a * b),
                BinaryOperator.Divide => HclValue.Number(a / b),
                _ => HclValue.Number(a % b),
            };
        }
        catch (DivideByZeroException)
        {
            diagnostics.Error("Operation failed", "Error during operation: can't divide by zero.", Range);
        }
        catch (OverflowException)
        {
            diagnostics.Error("Operation failed", "Error during operation: the result is too large or too small to represent.", Range);
        }

        return HclValue.Null;
    }

    private bool Number(HclValue value, Expr operand, string side, DiagnosticBag diagnostics, out HclNumber number)
    {
        if (Conversion.TryToNumber(value, out number))
        {
            return true;
        }

        var why = value.IsNull ? "a number is required, but the value is null" : $"a number is required, not a {value.KindName}";
        diagnostics.Error("Invalid operand", $"Unsuitable value for {side} operand: {why}.", operand.Range, Range);
        return false;
    }

    private bool Bool(HclValue value, Expr operand, string side, DiagnosticBag diagnostics, out bool result)
    {
        if (Conversion.TryToBool(value, out result))
        {
            return true;
        }

        var why = value.IsNull ? "a bool is required, but the value is null" : $"a bool is required, not a {value.KindName}";
        diagnostics.Error("Invalid operand", $"Unsuitable value for {side} operand: {why}.", operand.Range, Range);
        return false;
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        left.CollectVariables(found, bound);
        right.CollectVariables(found, bound);
    }
}
