using Mesh.Hcl.Values;
using Mesh.Rules.Model;
using Mesh.Rules.Validation;

namespace Mesh.Rules.Loading;

/// <summary>Typed attribute getters.</summary>
internal sealed partial class BodyReader
{
    /// <summary>A string (numbers and bools convert, as in HCL).</summary>
    public string? String(string name, bool required = false)
    {
        if (Value(name, required) is not { } v)
        {
            return null;
        }

        if (Conversion.TryToString(v, out var s))
        {
            return s;
        }

        WrongType(name, "a string", v);
        return null;
    }

    /// <summary>A number.</summary>
    public double? Number(string name, bool required = false)
    {
        if (Value(name, required) is not { } v)
        {
            return null;
        }

        if (Conversion.TryToNumber(v, out var n) && double.IsFinite(n.ToDouble()))
        {
            return n.ToDouble();
        }

        WrongType(name, "a number", v);
        return null;
    }

    /// <summary>A whole number that fits 64 bits.</summary>
    public long? Long(string name, bool required = false)
    {
        if (Value(name, required) is not { } v)
        {
            return null;
        }

        if (Conversion.TryToNumber(v, out var n) && n.IsInteger && n.TryGetInt64(out var l))
        {
            return l;
        }

        WrongType(name, "a whole number", v);
        return null;
    }

    /// <summary>A whole number that fits 32 bits.</summary>
    public int? Int(string name, bool required = false)
    {
        if (Value(name, required) is not { } v)
        {
            return null;
        }

        if (Conversion.TryToNumber(v, out var n) && n.IsInteger && n.TryGetInt32(out var i))
        {
            return i;
        }

        WrongType(name, "a whole number", v);
        return null;
    }

    /// <summary>A bool.</summary>
    public bool? Bool(string name, bool required = false)
    {
        if (Value(name, required) is not { } v)
        {
            return null;
        }

        if (Conversion.TryToBool(v, out var b))
        {
            return b;
        }

        WrongType(name, "a bool", v);
        return null;
    }

    /// <summary>A Go duration string such as <c>"250ms"</c>.</summary>
    public TimeSpan? Duration(string name, bool required = false)
    {
        if (Value(name, required) is not { } v)
        {
            return null;
        }

        if (v.Kind != HclValueKind.String)
        {
            WrongType(name, "a duration string such as \"2s\"", v);
            return null;
        }

        if (GoDuration.TryParse(v.AsString, out var d))
        {
            return d;
        }

        Report(RuleCodes.BadDuration, name, "Invalid duration",
            $"The value of \"{name}\", \"{v.AsString}\", is not a duration. A duration is a sequence of numbers with units ns, us, ms, s, m or h, such as \"250ms\" or \"1m30s\".",
            $"Write \"{name}\" as a Go duration such as \"2s\".");
        return null;
    }

    /// <summary>An enum value, from a string or a bare keyword.</summary>
    public TEnum? Enum<TEnum>(string name, bool required = false)
        where TEnum : struct, Enum
    {
        if (Value(name, required, keyword: true) is not { } v)
        {
            return null;
        }

        if (v.Kind != HclValueKind.String)
        {
            WrongType(name, "a string", v);
            return null;
        }

        return ParseEnum<TEnum>(name, v.AsString);
    }

    private TEnum? ParseEnum<TEnum>(string name, string text)
        where TEnum : struct, Enum
    {
        if (EnumNames.TryParse<TEnum>(text, out var e))
        {
            return e;
        }

        var names = EnumNames.Names<TEnum>();
        var suggestion = Suggest(text, names) ?? Suggest(text.ToLowerInvariant().Replace('-', '_'), names);
        Report(RuleCodes.BadEnum, name, $"Invalid value for \"{name}\"",
            $"\"{text}\" is not one of {Quoted(names)}." + (suggestion is null ? "" : $" Did you mean \"{suggestion}\"?"),
            suggestion is null ? $"Use one of {Quoted(names)}." : $"Use \"{suggestion}\".");
        return null;
    }

    /// <summary>A list of strings.</summary>
    public ValueList<string> Strings(string name, bool required = false)
    {
        if (Value(name, required) is not { } v)
        {
            return ValueList<string>.Empty;
        }

        var items = new List<string>();
        if (v.IsSequence)
        {
            foreach (var e in v.Elements)
            {
                if (!Conversion.TryToString(e, out var s))
                {
                    WrongType(name, "a list of strings", v);
                    return ValueList<string>.Empty;
                }

                items.Add(s);
            }

            return new ValueList<string>(items);
        }

        WrongType(name, "a list of strings", v);
        return ValueList<string>.Empty;
    }

    /// <summary>A map of values converted one by one; null from the converter means a type error already reported.</summary>
    private ValueDictionary<T> Map<T>(string name, bool required, string wanted, Func<HclValue, T?> convert)
    {
        if (Value(name, required) is not { } v)
        {
            return ValueDictionary<T>.Empty;
        }

        if (!v.IsMapping)
        {
            WrongType(name, wanted, v);
            return ValueDictionary<T>.Empty;
        }

        var items = new List<KeyValuePair<string, T>>();
        foreach (var (k, e) in v.Attributes)
        {
            if (convert(e) is not { } converted)
            {
                return ValueDictionary<T>.Empty;
            }

            items.Add(new(k, converted));
        }

        return new ValueDictionary<T>(items);
    }

    /// <summary>A map of strings.</summary>
    public ValueDictionary<string> StringMap(string name, bool required = false)
        => Map(name, required, "a map of strings", e =>
        {
            if (Conversion.TryToString(e, out var s))
            {
                return s;
            }

            WrongType(name, "a map of strings", e);
            return null;
        });

    /// <summary>A map of whole numbers.</summary>
    public ValueDictionary<int> IntMap(string name, bool required = false)
        => Map<object>(name, required, "a map of whole numbers", e =>
        {
            if (Conversion.TryToNumber(e, out var n) && n.TryGetInt32(out var i))
            {
                return i;
            }

            WrongType(name, "a map of whole numbers", e);
            return null;
        }) is { Count: > 0 } m ? new ValueDictionary<int>(m.Select(kv => new KeyValuePair<string, int>(kv.Key, (int)kv.Value))) : ValueDictionary<int>.Empty;

    /// <summary>A map of enum values.</summary>
    public ValueDictionary<TEnum> EnumMap<TEnum>(string name, bool required = false)
        where TEnum : struct, Enum
        => Map<object>(name, required, "a map of strings", e =>
        {
            if (!Conversion.TryToString(e, out var s))
            {
                WrongType(name, "a map of strings", e);
                return null;
            }

            return ParseEnum<TEnum>(name, s);
        }) is { Count: > 0 } m ? new ValueDictionary<TEnum>(m.Select(kv => new KeyValuePair<string, TEnum>(kv.Key, (TEnum)kv.Value))) : ValueDictionary<TEnum>.Empty;

    /// <summary>A string match object such as <c>{ prefix = "/a" }</c>.</summary>
    public StringMatch? Match(string name, bool required = false)
        => Value(name, required) is { } v ? ToMatch(name, v) : null;

    /// <summary>A map of string match objects, such as header conditions.</summary>
    public ValueDictionary<StringMatch> MatchMap(string name, bool required = false)
        => Map(name, required, "a map of string matches", e => ToMatch(name, e));

    private StringMatch? ToMatch(string name, HclValue v)
    {
        const string Wanted = "an object with exactly one of \"exact\", \"prefix\" or \"regex\"";
        if (!v.IsMapping || v.Attributes.Count != 1)
        {
            WrongType(name, Wanted, v);
            return null;
        }

        var (key, value) = v.Attributes.First();
        if (!EnumNames.TryParse<StringMatchKind>(key, out var kind) || !Conversion.TryToString(value, out var text))
        {
            var suggestion = Suggest(key, EnumNames.Names<StringMatchKind>());
            Report(RuleCodes.WrongType, name, "Invalid string match",
                $"In \"{name}\", \"{key}\" is not a kind of string match; use \"exact\", \"prefix\" or \"regex\" with a string value.",
                suggestion is null ? "Write it as { exact = \"...\" }, { prefix = \"...\" } or { regex = \"...\" }." : $"Use \"{suggestion}\".");
            return null;
        }

        return new StringMatch
        {
            MatchKind = kind,
            Value = text,
            Ranges = new RangeMap(new Dictionary<string, Mesh.Hcl.Diagnostics.SourceRange> { [RangeMap.Block] = RangeOf(name) }),
        };
    }
}
