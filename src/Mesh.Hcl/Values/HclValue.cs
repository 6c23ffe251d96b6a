using System.Collections.Immutable;
using System.Text;

namespace Mesh.Hcl.Values;

/// <summary>
/// An immutable HCL value. Sequences keep their order; objects and maps keep their attributes sorted by name,
/// the order HCL iterates them in.
/// </summary>
public sealed class HclValue : IEquatable<HclValue>
{
    private static readonly ImmutableSortedDictionary<string, HclValue> EmptyAttributes =
        ImmutableSortedDictionary.Create<string, HclValue>(StringComparer.Ordinal);

    private readonly bool _bool;
    private readonly HclNumber _number;
    private readonly string? _string;
    private readonly ImmutableArray<HclValue> _elements;
    private readonly ImmutableSortedDictionary<string, HclValue>? _attributes;

    private HclValue(HclValueKind kind, bool b = false, HclNumber n = default, string? s = null,
        ImmutableArray<HclValue> elements = default, ImmutableSortedDictionary<string, HclValue>? attributes = null)
    {
        Kind = kind;
        _bool = b;
        _number = n;
        _string = s;
        _elements = elements.IsDefault ? [] : elements;
        _attributes = attributes;
    }

    /// <summary>The null value.</summary>
    public static HclValue Null { get; } = new(HclValueKind.Null);

    /// <summary>The value <c>true</c>.</summary>
    public static HclValue True { get; } = new(HclValueKind.Bool, b: true);

    /// <summary>The value <c>false</c>.</summary>
    public static HclValue False { get; } = new(HclValueKind.Bool, b: false);

    /// <summary>The empty tuple.</summary>
    public static HclValue EmptyTuple { get; } = new(HclValueKind.Tuple, elements: []);

    /// <summary>The empty object.</summary>
    public static HclValue EmptyObject { get; } = new(HclValueKind.Object, attributes: EmptyAttributes);

    /// <summary>What kind of value this is.</summary>
    public HclValueKind Kind { get; }

    /// <summary>Whether this is null.</summary>
    public bool IsNull => Kind == HclValueKind.Null;

    /// <summary>Whether this is a tuple or a list.</summary>
    public bool IsSequence => Kind is HclValueKind.Tuple or HclValueKind.List;

    /// <summary>Whether this is an object or a map.</summary>
    public bool IsMapping => Kind is HclValueKind.Object or HclValueKind.Map;

    /// <summary>The boolean; only for <see cref="HclValueKind.Bool"/>.</summary>
    public bool AsBool => Kind == HclValueKind.Bool ? _bool : throw WrongKind(HclValueKind.Bool);

    /// <summary>The number; only for <see cref="HclValueKind.Number"/>.</summary>
    public HclNumber AsNumber => Kind == HclValueKind.Number ? _number : throw WrongKind(HclValueKind.Number);

    /// <summary>The string; only for <see cref="HclValueKind.String"/>.</summary>
    public string AsString => Kind == HclValueKind.String ? _string! : throw WrongKind(HclValueKind.String);

    /// <summary>The elements of a tuple or list (empty for other kinds).</summary>
    public ImmutableArray<HclValue> Elements => _elements;

    /// <summary>The attributes of an object or map, sorted by name (empty for other kinds).</summary>
    public ImmutableSortedDictionary<string, HclValue> Attributes => _attributes ?? EmptyAttributes;

    /// <summary>Number of elements or attributes, or the length of a string in grapheme clusters.</summary>
    public int Length => Kind switch
    {
        HclValueKind.Tuple or HclValueKind.List => _elements.Length,
        HclValueKind.Object or HclValueKind.Map => Attributes.Count,
        HclValueKind.String => new System.Globalization.StringInfo(_string!).LengthInTextElements,
        _ => 0,
    };

    /// <summary>Creates a boolean.</summary>
    public static HclValue Bool(bool value) => value ? True : False;

    /// <summary>Creates a number.</summary>
    public static HclValue Number(HclNumber value) => new(HclValueKind.Number, n: value);

    /// <summary>Creates a number from an integer.</summary>
    public static HclValue Number(long value) => Number(HclNumber.From(value));

    /// <summary>Creates a string, normalised to Unicode NFC as HCL does.</summary>
    public static HclValue String(string value)
        => new(HclValueKind.String, s: value.IsNormalized() ? value : value.Normalize());

    /// <summary>Creates a tuple.</summary>
    public static HclValue Tuple(IEnumerable<HclValue> elements) => new(HclValueKind.Tuple, elements: [.. elements]);

    /// <summary>Creates a list.</summary>
    public static HclValue List(IEnumerable<HclValue> elements) => new(HclValueKind.List, elements: [.. elements]);

    /// <summary>Creates an object.</summary>
    public static HclValue Object(IEnumerable<KeyValuePair<string, HclValue>> attributes)
        => new(HclValueKind.Object, attributes: EmptyAttributes.SetItems(attributes));

    /// <summary>Creates a map.</summary>
    public static HclValue Map(IEnumerable<KeyValuePair<string, HclValue>> attributes)
        => new(HclValueKind.Map, attributes: EmptyAttributes.SetItems(attributes));

    /// <summary>A short name of the value's kind for messages: "string", "number", "tuple", ...</summary>
    public string KindName => Kind switch
    {
        HclValueKind.Null => "null",
        HclValueKind.Bool => "bool",
        HclValueKind.Number => "number",
        HclValueKind.String => "string",
        HclValueKind.Tuple => "tuple",
        HclValueKind.List => "list",
        HclValueKind.Object => "object",
        _ => "map",
    };

    /// <inheritdoc />
    public bool Equals(HclValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null)
        {
            return false;
        }

        if (IsSequence && other.IsSequence)
        {
            if (_elements.Length != other._elements.Length)
            {
                return false;
            }

            for (var i = 0; i < _elements.Length; i++)
            {
                if (!_elements[i].Equals(other._elements[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if (IsMapping && other.IsMapping)
        {
            if (Attributes.Count != other.Attributes.Count)
            {
                return false;
            }

            foreach (var (k, v) in Attributes)
            {
                if (!other.Attributes.TryGetValue(k, out var ov) || !v.Equals(ov))
                {
                    return false;
                }
            }

            return true;
        }

        return Kind == other.Kind && Kind switch
        {
            HclValueKind.Null => true,
            HclValueKind.Bool => _bool == other._bool,
            HclValueKind.Number => _number == other._number,
            HclValueKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as HclValue);

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        HclValueKind.Bool => _bool.GetHashCode(),
        HclValueKind.Number => _number.GetHashCode(),
        HclValueKind.String => StringComparer.Ordinal.GetHashCode(_string!),
        HclValueKind.Tuple or HclValueKind.List => _elements.Length,
        HclValueKind.Object or HclValueKind.Map => Attributes.Count,
        _ => 0,
    };

    /// <summary>The value in HCL syntax, such as <c>{ a = 1, b = ["x"] }</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    private void Write(StringBuilder sb)
    {
        switch (Kind)
        {
            case HclValueKind.Null:
                sb.Append("null");
                break;
            case HclValueKind.Bool:
                sb.Append(_bool ? "true" : "false");
                break;
            case HclValueKind.Number:
                sb.Append(_number.ToString());
                break;
            case HclValueKind.String:
                sb.Append(Quote(_string!));
                break;
            case HclValueKind.Tuple or HclValueKind.List:
                sb.Append('[');
                for (var i = 0; i < _elements.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    _elements[i].Write(sb);
                }

                sb.Append(']');
                break;
            default:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in Attributes)
                {
                    sb.Append(first ? " " : ", ");
                    first = false;
                    sb.Append(IsIdentifier(k) ? k : Quote(k)).Append(" = ");
                    v.Write(sb);
                }

                sb.Append(first ? "}" : " }");
                break;
        }
    }

    /// <summary>Quotes a string with HCL's escapes.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '$' when i + 1 < s.Length && s[i + 1] == '{': sb.Append("$$"); break;
                case '%' when i + 1 < s.Length && s[i + 1] == '{': sb.Append("%%"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Whether a string is a valid HCL identifier.</summary>
    public static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private InvalidOperationException WrongKind(HclValueKind wanted)
        => new($"Value is a {KindName}, not a {wanted.ToString().ToLowerInvariant()}.");
}
