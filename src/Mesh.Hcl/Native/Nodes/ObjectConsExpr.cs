using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary><c>{ key = value, ... }</c>. A bare name as key is a literal string; <c>(expr)</c> is evaluated.</summary>
internal sealed class ObjectConsExpr(IReadOnlyList<(Expr Key, Expr Value)> items, SourceRange range) : Expr(range)
{
    public IReadOnlyList<(Expr Key, Expr Value)> Items { get; } = items;

    public static string? LiteralKey(Expr key) => key switch
    {
        ScopeTraversalExpr { Steps.Count: 0 } t => t.Root,
        LiteralExpr { Keyword: { } keyword } => keyword,
        _ => null,
    };

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var attributes = new Dictionary<string, HclValue>(StringComparer.Ordinal);
        foreach (var (keyExpr, valueExpr) in Items)
        {
            var name = LiteralKey(keyExpr);
            if (name is null)
            {
                var before = diagnostics.Count;
                var key = keyExpr.Evaluate(context, diagnostics);
                if (diagnostics.Count != before)
                {
                    continue;
                }

                if (key.IsNull)
                {
                    diagnostics.Error("Null value as key", "Can't use a null value as a key.", keyExpr.Range);
                    continue;
                }

                if (!Conversion.TryToString(key, out name))
                {
                    diagnostics.Error("Incorrect key type", $"Can't use this value as a key: string required, not {key.KindName}.", keyExpr.Range);
                    continue;
                }
            }

            attributes[name] = valueExpr.Evaluate(context, diagnostics);
        }

        return HclValue.Object(attributes);
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        foreach (var (key, value) in Items)
        {
            if (LiteralKey(key) is null)
            {
                key.CollectVariables(found, bound);
            }

            value.CollectVariables(found, bound);
        }
    }
}
