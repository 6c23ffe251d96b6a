using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>
/// <c>[for k, v in coll : value if cond]</c> or <c>{for k, v in coll : key => value... if cond}</c>.
/// Sequences iterate by index, objects and maps by key in lexical order.
/// </summary>
internal sealed class ForExpr : Expr
{
    public ForExpr(string? keyVar, string valueVar, Expr collection, Expr? keyExpr, Expr valueExpr, Expr? condition, bool group, SourceRange range)
        : base(range)
    {
        KeyVar = keyVar;
        ValueVar = valueVar;
        Collection = collection;
        KeyExpr = keyExpr;
        ValueExpr = valueExpr;
        Condition = condition;
        Group = group;
    }

    public string? KeyVar { get; }

    public string ValueVar { get; }

    public Expr Collection { get; }

    public Expr? KeyExpr { get; }

    public Expr ValueExpr { get; }

    public Expr? Condition { get; }

    public bool Group { get; }

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var collection = Collection.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        if (collection.IsNull)
        {
            diagnostics.Error("Iteration over null value", "A null value cannot be used as the collection in a 'for' expression.", Collection.Range, Range);
            return HclValue.Null;
        }

        List<(HclValue Key, HclValue Value)> pairs = [];
        if (collection.IsSequence)
        {
            for (var i = 0; i < collection.Elements.Length; i++)
            {
                pairs.Add((HclValue.Number(i), collection.Elements[i]));
            }
        }
        else if (collection.IsMapping)
        {
            foreach (var (k, v) in collection.Attributes)
            {
                pairs.Add((HclValue.String(k), v));
            }
        }
        else
        {
            diagnostics.Error("Iteration over non-iterable value",
                $"A value of type {collection.KindName} cannot be used as the collection in a 'for' expression.", Collection.Range, Range);
            return HclValue.Null;
        }

        var tuple = new List<HclValue>();
        var objectItems = new Dictionary<string, HclValue>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<HclValue>>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            var scope = context.NewChild();
            if (KeyVar is not null)
            {
                scope.WithVariable(KeyVar, key);
            }

            scope.WithVariable(ValueVar, value);
            if (Condition is not null && !Include(scope, diagnostics))
            {
                if (diagnostics.Count != before)
                {
                    return HclValue.Null;
                }

                continue;
            }

            if (KeyExpr is null)
            {
                tuple.Add(ValueExpr.Evaluate(scope, diagnostics));
                continue;
            }

            var k = KeyExpr.Evaluate(scope, diagnostics);
            if (diagnostics.Count != before)
            {
                return HclValue.Null;
            }

            if (!Conversion.TryToString(k, out var name))
            {
                diagnostics.Error("Invalid object key", $"Key expression in 'for' expression must be a string, not {(k.IsNull ? "null" : k.KindName)}.", KeyExpr.Range, Range);
                return HclValue.Null;
            }

            var v = ValueExpr.Evaluate(scope, diagnostics);
            if (Group)
            {
                if (!groups.TryGetValue(name, out var list))
                {
                    groups[name] = list = [];
                }

                list.Add(v);
            }
            else if (!objectItems.TryAdd(name, v))
            {
                diagnostics.Error("Duplicate object key",
                    $"Two different items produced the key \"{name}\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.",
                    KeyExpr.Range, Range);
                return HclValue.Null;
            }
        }

        if (KeyExpr is null)
        {
            return HclValue.Tuple(tuple);
        }

        if (Group)
        {
            foreach (var (k, list) in groups)
            {
                objectItems[k] = HclValue.Tuple(list);
            }
        }

        return HclValue.Object(objectItems);
    }

    private bool Include(EvalContext scope, DiagnosticBag diagnostics)
    {
        var c = Condition!.Evaluate(scope, diagnostics);
        if (c.IsNull)
        {
            diagnostics.Error("Condition is null", "The value of the 'if' clause must not be null.", Condition.Range, Range);
            return false;
        }

        if (!Conversion.TryToBool(c, out var b))
        {
            diagnostics.Error("Invalid 'for' condition", $"The 'if' clause value is invalid: bool required, not {c.KindName}.", Condition.Range, Range);
            return false;
        }

        return b;
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        Collection.CollectVariables(found, bound);
        var inner = new HashSet<string>(bound, StringComparer.Ordinal) { ValueVar };
        if (KeyVar is not null)
        {
            inner.Add(KeyVar);
        }

        KeyExpr?.CollectVariables(found, inner);
        ValueExpr.CollectVariables(found, inner);
        Condition?.CollectVariables(found, inner);
    }
}
