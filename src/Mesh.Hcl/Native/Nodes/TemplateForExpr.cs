using System.Text;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary><c>%{for k, v in coll}...%{endfor}</c> inside a template: the body repeated for each element.</summary>
internal sealed class TemplateForExpr(string? keyVar, string valueVar, Expr collection, TemplateExpr body, SourceRange range) : Expr(range)
{
    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var c = collection.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        if (!c.IsSequence && !c.IsMapping)
        {
            diagnostics.Error("Invalid template 'for' directive",
                c.IsNull ? "A null value cannot be used as the collection in a 'for' directive." : $"A value of type {c.KindName} cannot be iterated.",
                collection.Range, Range);
            return HclValue.Null;
        }

        var sb = new StringBuilder();
        if (c.IsSequence)
        {
            for (var i = 0; i < c.Elements.Length; i++)
            {
                if (!Iterate(sb, HclValue.Number(i), c.Elements[i], context, diagnostics))
                {
                    return HclValue.Null;
                }
            }
        }
        else
        {
            foreach (var (k, v) in c.Attributes)
            {
                if (!Iterate(sb, HclValue.String(k), v, context, diagnostics))
                {
                    return HclValue.Null;
                }
            }
        }

        return HclValue.String(sb.ToString());
    }

    private bool Iterate(StringBuilder sb, HclValue key, HclValue value, EvalContext context, DiagnosticBag diagnostics)
    {
        var scope = context.NewChild();
        if (keyVar is not null)
        {
            scope.WithVariable(keyVar, key);
        }

        scope.WithVariable(valueVar, value);
        return TemplateExpr.Append(sb, body, scope, diagnostics);
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        collection.CollectVariables(found, bound);
        var inner = new HashSet<string>(bound, StringComparer.Ordinal) { valueVar };
        if (keyVar is not null)
        {
            inner.Add(keyVar);
        }

        body.CollectVariables(found, inner);
    }
}
