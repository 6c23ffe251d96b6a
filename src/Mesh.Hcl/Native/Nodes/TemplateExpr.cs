using System.Text;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>A string template: literal parts, interpolations and directives joined into one string.</summary>
internal sealed class TemplateExpr(IReadOnlyList<Expr> parts, SourceRange range) : Expr(range)
{
    public IReadOnlyList<Expr> Parts { get; } = parts;

    public override string? AsKeyword() => null;

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var sb = new StringBuilder();
        var ok = true;
        foreach (var part in Parts)
        {
            ok &= Append(sb, part, context, diagnostics);
        }

        return ok ? HclValue.String(sb.ToString()) : HclValue.Null;
    }

    internal static bool Append(StringBuilder sb, Expr part, EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var v = part.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return false;
        }

        if (v.IsNull)
        {
            diagnostics.Error("Invalid template interpolation value",
                "The expression result is null. Cannot include a null value in a string template.", part.Range);
            return false;
        }

        if (!Conversion.TryToString(v, out var s))
        {
            diagnostics.Error("Invalid template interpolation value",
                $"Cannot include the given value in a string template: string required, not {v.KindName}.", part.Range);
            return false;
        }

        sb.Append(s);
        return true;
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        foreach (var p in Parts)
        {
            p.CollectVariables(found, bound);
        }
    }
}
