using System.Globalization;
using System.Text;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Functions;

/// <summary>
/// The functions rule files may call. Names and behaviour follow the Terraform/Nomad functions of the same name;
/// docs/rules-functions.md lists them.
/// </summary>
public static class StandardFunctions
{
    /// <summary>Every standard function by name.</summary>
    public static IReadOnlyDictionary<string, HclFunction> All { get; } = Build();

    private static Dictionary<string, HclFunction> Build() => new(StringComparer.Ordinal)
    {
        ["lower"] = Unary("str", v => HclValue.String(Str(v, 0).ToLowerInvariant())),
        ["upper"] = Unary("str", v => HclValue.String(Str(v, 0).ToUpperInvariant())),
        ["title"] = Unary("str", v => HclValue.String(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Str(v, 0)))),
        ["trimspace"] = Unary("str", v => HclValue.String(Str(v, 0).Trim())),
        ["tostring"] = new(["v"], null, a => a[0].IsNull ? HclValue.Null : HclValue.String(Str(a[0], 0)), allowNull: true),
        ["tonumber"] = new(["v"], null, a => a[0].IsNull ? HclValue.Null : HclValue.Number(Num(a[0], 0)), allowNull: true),
        ["tobool"] = new(["v"], null, a => a[0].IsNull ? HclValue.Null : HclValue.Bool(Bool(a[0], 0)), allowNull: true),
        ["tolist"] = Unary("v", v => HclValue.List(Seq(v, 0))),
        ["tomap"] = Unary("v", v => HclValue.Map(Mapping(v, 0))),
        ["length"] = Unary("value", v => v.Kind is HclValueKind.String or HclValueKind.Tuple or HclValueKind.List or HclValueKind.Object or HclValueKind.Map
            ? HclValue.Number(v.Length)
            : throw new FunctionException(0, $"a string, list or map is required, not a {v.KindName}.")),
        ["join"] = new(["separator"], "lists", Join),
        ["split"] = new(["separator", "str"], null, a => HclValue.List(Str(a[1], 1).Split(Str(a[0], 0)).Select(HclValue.String))),
        ["replace"] = new(["str", "substr", "replace"], null, a => HclValue.String(Str(a[0], 0).Replace(Str(a[1], 1), Str(a[2], 2), StringComparison.Ordinal))),
        ["startswith"] = new(["str", "prefix"], null, a => HclValue.Bool(Str(a[0], 0).StartsWith(Str(a[1], 1), StringComparison.Ordinal))),
        ["endswith"] = new(["str", "suffix"], null, a => HclValue.Bool(Str(a[0], 0).EndsWith(Str(a[1], 1), StringComparison.Ordinal))),
        ["substr"] = new(["str", "offset", "length"], null, Substr),
        ["format"] = new(["format"], "args", a => HclValue.String(Format(Str(a[0], 0), a.Skip(1).ToList())), allowNull: true),
        ["concat"] = new([], "seqs", a => HclValue.Tuple(a.SelectMany((v, i) => Seq(v, i)))),
        ["merge"] = new([], "maps", Merge, allowNull: true),
        ["contains"] = new(["list", "value"], null, a => HclValue.Bool(Seq(a[0], 0).Any(e => e.Equals(a[1]))), allowNull: true),
        ["coalesce"] = new([], "vals", Coalesce, allowNull: true),
        ["keys"] = Unary("inputMap", v => HclValue.List(Mapping(v, 0).Select(kv => HclValue.String(kv.Key)))),
        ["values"] = Unary("mapping", v => HclValue.List(Mapping(v, 0).Select(kv => kv.Value))),
        ["lookup"] = new(["inputMap", "key"], "default", Lookup),
        ["element"] = new(["list", "index"], null, Element),
        ["distinct"] = Unary("list", v => HclValue.List(Seq(v, 0).Distinct())),
        ["flatten"] = Unary("list", v => HclValue.Tuple(Flatten(Seq(v, 0)))),
        ["range"] = new(["start"], "rest", Range),
        ["min"] = new([], "numbers", a => HclValue.Number(Numbers(a).Min())),
        ["max"] = new([], "numbers", a => HclValue.Number(Numbers(a).Max())),
        ["abs"] = Unary("num", v => HclValue.Number(Num(v, 0).IsNegative ? -Num(v, 0) : Num(v, 0))),
        ["floor"] = Unary("num", v => HclValue.Number(Num(v, 0).Floor())),
        ["ceil"] = Unary("num", v => HclValue.Number(Num(v, 0).Ceiling())),
        ["jsonencode"] = new(["val"], null, a => HclValue.String(JsonEncode(a[0])), allowNull: true),
    };

    private static HclFunction Unary(string name, Func<HclValue, HclValue> body) => new([name], null, a => body(a[0]));

    private static string Str(HclValue v, int index)
        => Conversion.TryToString(v, out var s) ? s : throw new FunctionException(index, $"string required, not {v.KindName}.");

    private static HclNumber Num(HclValue v, int index)
        => Conversion.TryToNumber(v, out var n) ? n : throw new FunctionException(index, $"number required, not {v.KindName}.");

    private static bool Bool(HclValue v, int index)
        => Conversion.TryToBool(v, out var b) ? b : throw new FunctionException(index, $"bool required, not {v.KindName}.");

    private static int Int(HclValue v, int index)
        => Num(v, index).TryGetInt32(out var i) ? i : throw new FunctionException(index, "a whole number is required.");

    private static System.Collections.Immutable.ImmutableArray<HclValue> Seq(HclValue v, int index)
        => v.IsSequence ? v.Elements : throw new FunctionException(index, $"list or tuple required, not {v.KindName}.");

    private static System.Collections.Immutable.ImmutableSortedDictionary<string, HclValue> Mapping(HclValue v, int index)
        => v.IsMapping ? v.Attributes : throw new FunctionException(index, $"map or object required, not {v.KindName}.");

    private static IEnumerable<HclNumber> Numbers(IReadOnlyList<HclValue> args)
    {
        if (args.Count == 0)
        {
            throw new FunctionException("at least one number is required.");
        }

        return args.Select((v, i) => Num(v, i));
    }

    private static HclValue Join(IReadOnlyList<HclValue> a)
    {
        var separator = Str(a[0], 0);
        var parts = new List<string>();
        for (var i = 1; i < a.Count; i++)
        {
            foreach (var e in Seq(a[i], i))
            {
                if (e.IsNull)
                {
                    throw new FunctionException(i, "element is null; cannot concatenate null values.");
                }

                parts.Add(Str(e, i));
            }
        }

        return HclValue.String(string.Join(separator, parts));
    }

    private static HclValue Substr(IReadOnlyList<HclValue> a)
    {
        var s = Str(a[0], 0);
        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext())
        {
            elements.Add(e.GetTextElement());
        }

        var offset = Int(a[1], 1);
        var length = Int(a[2], 2);
        if (offset < 0)
        {
            offset = Math.Max(0, elements.Count + offset);
        }

        if (offset > elements.Count)
        {
            throw new FunctionException(1, "offset is beyond the end of the string.");
        }

        var take = length < 0 ? elements.Count - offset : Math.Min(length, elements.Count - offset);
        return HclValue.String(string.Concat(elements.Skip(offset).Take(take)));
    }

    private static HclValue Merge(IReadOnlyList<HclValue> a)
    {
        var result = new Dictionary<string, HclValue>(StringComparer.Ordinal);
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].IsNull)
            {
                continue;
            }

            foreach (var (k, v) in Mapping(a[i], i))
            {
                result[k] = v;
            }
        }

        return HclValue.Object(result);
    }

    private static HclValue Coalesce(IReadOnlyList<HclValue> a)
    {
        foreach (var v in a)
        {
            if (!v.IsNull && !(v.Kind == HclValueKind.String && v.AsString.Length == 0))
            {
                return v;
            }
        }

        throw new FunctionException("no non-null, non-empty-string arguments.");
    }

    private static HclValue Lookup(IReadOnlyList<HclValue> a)
    {
        var map = Mapping(a[0], 0);
        var key = Str(a[1], 1);
        if (map.TryGetValue(key, out var v))
        {
            return v;
        }

        return a.Count > 2 ? a[2] : throw new FunctionException(1, $"the given key \"{key}\" does not exist in the map, and no default was given.");
    }

    private static HclValue Element(IReadOnlyList<HclValue> a)
    {
        var list = Seq(a[0], 0);
        if (list.Length == 0)
        {
            throw new FunctionException(0, "cannot use element function with an empty list.");
        }

        var index = Int(a[1], 1);
        if (index < 0)
        {
            throw new FunctionException(1, "cannot use element function with a negative index.");
        }

        return list[index % list.Length];
    }

    private static IEnumerable<HclValue> Flatten(IEnumerable<HclValue> values)
    {
        foreach (var v in values)
        {
            if (v.IsSequence)
            {
                foreach (var inner in Flatten(v.Elements))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return v;
            }
        }
    }

    private static HclValue Range(IReadOnlyList<HclValue> a)
    {
        if (a.Count > 3)
        {
            throw new FunctionException(3, "range takes at most three arguments (start, limit, step).");
        }

        HclNumber start = HclNumber.Zero, limit, step = HclNumber.From(1);
        if (a.Count == 1)
        {
            limit = Num(a[0], 0);
        }
        else
        {
            start = Num(a[0], 0);
            limit = Num(a[1], 1);
            if (a.Count == 3)
            {
                step = Num(a[2], 2);
            }
        }

        if (step.IsZero)
        {
            throw new FunctionException(a.Count - 1, "step must not be zero.");
        }

        var result = new List<HclValue>();
        for (var v = start; step.IsNegative ? v > limit : v < limit; v += step)
        {
            if (result.Count >= 1024)
            {
                throw new FunctionException("more than 1024 values would be produced.");
            }

            result.Add(HclValue.Number(v));
        }

        return HclValue.List(result);
    }

    private static string Format(string format, List<HclValue> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= format.Length)
            {
                throw new FunctionException(0, "the format string ends with an incomplete verb.");
            }

            if (format[i] == '%')
            {
                sb.Append('%');
                continue;
            }

            var flags = "";
            while (i < format.Length && "-+ 0#".Contains(format[i], StringComparison.Ordinal))
            {
                flags += format[i++];
            }

            var width = 0;
            while (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                width = (width * 10) + (format[i++] - '0');
            }

            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = 0;
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                {
                    precision = (precision * 10) + (format[i++] - '0');
                }
            }

            if (i >= format.Length)
            {
                throw new FunctionException(0, "the format string ends with an incomplete verb.");
            }

            var verb = format[i];
            if (next >= args.Count)
            {
                throw new FunctionException(0, $"not enough arguments for the \"%{verb}\" verb.");
            }

            var arg = args[next];
            var argIndex = ++next;
            var text = verb switch
            {
                's' => Str(arg, argIndex),
                'q' => HclValue.Quote(Str(arg, argIndex)),
                'v' => arg.Kind == HclValueKind.String ? arg.AsString : arg.ToString(),
                't' => Bool(arg, argIndex) ? "true" : "false",
                'd' => Num(arg, argIndex).Truncate().ToString(),
                'f' => Num(arg, argIndex).ToDouble().ToString("F" + (precision ?? 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                'e' => Num(arg, argIndex).ToDouble().ToString("e" + (precision ?? 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                'x' => ((long)Num(arg, argIndex).ToDouble()).ToString("x", CultureInfo.InvariantCulture),
                _ => throw new FunctionException(0, $"unsupported format verb \"%{verb}\"."),
            };
            if (verb == 's' && precision is { } p && text.Length > p)
            {
                text = text[..p];
            }

            if (text.Length < width)
            {
                var pad = flags.Contains('0', StringComparison.Ordinal) && verb is 'd' or 'f' ? '0' : ' ';
                text = flags.Contains('-', StringComparison.Ordinal) ? text.PadRight(width) : text.PadLeft(width, pad);
            }

            sb.Append(text);
        }

        if (next < args.Count)
        {
            throw new FunctionException(next + 1, "too many arguments; no verbs left to use them.");
        }

        return sb.ToString();
    }

    private static string JsonEncode(HclValue value)
    {
        var sb = new StringBuilder();
        WriteJson(sb, value);
        return sb.ToString();
    }

    private static void WriteJson(StringBuilder sb, HclValue value)
    {
        switch (value.Kind)
        {
            case HclValueKind.Null:
                sb.Append("null");
                break;
            case HclValueKind.Bool:
                sb.Append(value.AsBool ? "true" : "false");
                break;
            case HclValueKind.Number:
                sb.Append(value.AsNumber.ToString());
                break;
            case HclValueKind.String:
                sb.Append(System.Text.Json.JsonSerializer.Serialize(value.AsString, JsonStringContext.Default.String));
                break;
            case HclValueKind.Tuple or HclValueKind.List:
                sb.Append('[');
                for (var i = 0; i < value.Elements.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteJson(sb, value.Elements[i]);
                }

                sb.Append(']');
                break;
            default:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in value.Attributes)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    sb.Append(System.Text.Json.JsonSerializer.Serialize(k, JsonStringContext.Default.String)).Append(':');
                    WriteJson(sb, v);
                }

                sb.Append('}');
                break;
        }
    }
}

/// <summary>Source-generated JSON for strings (jsonencode).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class JsonStringContext : System.Text.Json.Serialization.JsonSerializerContext;
