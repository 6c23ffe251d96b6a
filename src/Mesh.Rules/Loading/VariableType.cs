using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Rules.Loading;

/// <summary>
/// Terraform-style type constraints of variables (<c>string</c>, <c>number</c>, <c>bool</c>, <c>any</c>,
/// <c>list(T)</c>, <c>set(T)</c>, <c>map(T)</c>). A type is held as a value: a primitive's name, or a tuple of
/// the collection kind and its element type.
/// </summary>
internal static class VariableType
{
    public static readonly HclValue Any = HclValue.String("any");

    private static readonly string[] Primitives = ["string", "number", "bool", "any"];

    /// <summary>Reads a type expression; null (after reporting) when it is not one.</summary>
    public static HclValue? Parse(IExpression expression, DiagnosticBag diagnostics)
    {
        var context = new EvalContext();
        foreach (var p in Primitives)
        {
            context.WithVariable(p, HclValue.String(p));
        }

        foreach (var kind in new[] { "list", "set", "map" })
        {
            context.WithFunction(kind, new HclFunction(["element_type"], null, args => HclValue.Tuple([HclValue.String(kind), args[0]])));
        }

        var local = new DiagnosticBag();
        var value = expression.Evaluate(context, local);
        if (local.HasErrors || !IsType(value))
        {
            diagnostics.Error("Invalid type specification",
                "A type is one of string, number, bool, any, list(<type>), set(<type>) or map(<type>).", expression.Range);
            return null;
        }

        return value;
    }

    /// <summary>Whether values of the type are taken from the command line as raw text.</summary>
    public static bool IsLiteral(HclValue type) => type.Kind == HclValueKind.String && type.AsString is "string" or "any";

    /// <summary>A type's name as written.</summary>
    public static string Name(HclValue type)
        => type.Kind == HclValueKind.String ? type.AsString : $"{type.Elements[0].AsString}({Name(type.Elements[1])})";

    /// <summary>Converts a value to a type, as Terraform does for variable values.</summary>
    public static bool TryConvert(HclValue value, HclValue type, out HclValue result)
    {
        result = value;
        if (value.IsNull || (type.Kind == HclValueKind.String && type.AsString == "any"))
        {
            return true;
        }

        if (type.Kind == HclValueKind.String)
        {
            switch (type.AsString)
            {
                case "string" when Conversion.TryToString(value, out var s):
                    result = HclValue.String(s);
                    return true;
                case "number" when Conversion.TryToNumber(value, out var n):
                    result = HclValue.Number(n);
                    return true;
                case "bool" when Conversion.TryToBool(value, out var b):
                    result = HclValue.Bool(b);
                    return true;
                default:
                    return false;
            }
        }

        var kind = type.Elements[0].AsString;
        var element = type.Elements[1];
        if (kind == "map")
        {
            if (!value.IsMapping)
            {
                return false;
            }

            var entries = new List<KeyValuePair<string, HclValue>>();
            foreach (var (k, v) in value.Attributes)
            {
                if (!TryConvert(v, element, out var converted))
                {
                    return false;
                }

                entries.Add(new(k, converted));
            }

            result = HclValue.Map(entries);
            return true;
        }

        if (!value.IsSequence)
        {
            return false;
        }

        var items = new List<HclValue>();
        foreach (var v in value.Elements)
        {
            if (!TryConvert(v, element, out var converted))
            {
                return false;
            }

            if (kind == "list" || !items.Contains(converted))
            {
                items.Add(converted);
            }
        }

        result = HclValue.List(items);
        return true;
    }

    private static bool IsType(HclValue value)
        => value.Kind == HclValueKind.String
            ? Primitives.Contains(value.AsString)
            : value.Kind == HclValueKind.Tuple && value.Elements.Length == 2 && IsType(value.Elements[1]);
}
