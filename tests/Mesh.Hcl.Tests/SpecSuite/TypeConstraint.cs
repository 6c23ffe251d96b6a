using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Native.Nodes;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Tests.SpecSuite;

/// <summary>
/// The cty type constraints the spec suite writes (<c>string</c>, <c>map(object({a = bool}))</c>, <c>any</c>)
/// and the conversions hcldec applies with them.
/// </summary>
internal sealed record TypeConstraint(string Kind, TypeConstraint? Element = null, IReadOnlyDictionary<string, TypeConstraint>? Attributes = null)
{
    public static TypeConstraint Any { get; } = new("any");

    public static TypeConstraint Parse(IExpression expression)
    {
        switch (expression)
        {
            case ScopeTraversalExpr { Steps.Count: 0 } keyword:
                return new TypeConstraint(keyword.Root);
            case FunctionCallExpr call:
                var (name, args) = Describe(call);
                if (name is "map" or "list" or "set")
                {
                    return new TypeConstraint(name, Parse(args[0]));
                }

                if (name == "object" && args[0] is ObjectConsExpr obj)
                {
                    var attributes = new Dictionary<string, TypeConstraint>(StringComparer.Ordinal);
                    foreach (var (key, value) in obj.Items)
                    {
                        attributes[ObjectConsExpr.LiteralKey(key)!] = Parse(value);
                    }

                    return new TypeConstraint("object", Attributes: attributes);
                }

                throw new InvalidOperationException($"Unsupported type constraint {name}");
            default:
                throw new InvalidOperationException($"Unsupported type constraint at {expression.Range}");
        }
    }

    private static (string Name, IReadOnlyList<Expr> Args) Describe(FunctionCallExpr call) => (call.Name, call.Arguments);

    /// <summary>Converts a value to this type as cty's convert package would, or reports why it cannot.</summary>
    public HclValue Convert(HclValue value, SourceRange range, DiagnosticBag diagnostics)
    {
        if (Kind == "any" || value.IsNull)
        {
            return value;
        }

        switch (Kind)
        {
            case "string" when Conversion.TryToString(value, out var s):
                return HclValue.String(s);
            case "number" when Conversion.TryToNumber(value, out var n):
                return HclValue.Number(n);
            case "bool" when Conversion.TryToBool(value, out var b):
                return HclValue.Bool(b);
            case "map" when value.IsMapping:
                var map = new Dictionary<string, HclValue>(StringComparer.Ordinal);
                foreach (var (k, v) in value.Attributes)
                {
                    map[k] = Element!.Convert(v, range, diagnostics);
                }

                return HclValue.Map(map);
            case "list" or "set" when value.IsSequence:
                var list = new List<HclValue>();
                foreach (var v in value.Elements)
                {
                    list.Add(Element!.Convert(v, range, diagnostics));
                }

                return HclValue.List(list);
            case "object" when value.IsMapping:
                var obj = new Dictionary<string, HclValue>(StringComparer.Ordinal);
                foreach (var (k, t) in Attributes!)
                {
                    obj[k] = value.Attributes.TryGetValue(k, out var v) ? t.Convert(v, range, diagnostics) : HclValue.Null;
                }

                return HclValue.Object(obj);
        }

        diagnostics.Error("Incorrect value type", $"Invalid expression value: {Kind} required, not {value.KindName}.", range);
        return HclValue.Null;
    }
}
