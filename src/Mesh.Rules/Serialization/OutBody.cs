using System.Globalization;
using Mesh.Hcl.Values;
using Mesh.Rules.Model;

namespace Mesh.Rules.Serialization;

/// <summary>
/// A syntax-neutral body built from a model structure: attributes as HCL values and child blocks in order. The
/// HCL and JSON writers render it; absent values and empty collections are left out.
/// </summary>
internal sealed class OutBody
{
    public List<KeyValuePair<string, HclValue>> Attributes { get; } = [];

    public List<OutBlock> Children { get; } = [];

    public OutBody Attr(string name, HclValue? value)
    {
        if (value is not null)
        {
            Attributes.Add(new(name, value));
        }

        return this;
    }

    public OutBody Attr(string name, string? value) => Attr(name, value is null ? null : HclValue.String(value));

    public OutBody Attr(string name, long? value) => Attr(name, value is { } v ? HclValue.Number(v) : null);

    public OutBody Attr(string name, double? value) => Attr(name, value is { } v ? HclValue.Number(HclNumber.From(v)) : null);

    public OutBody Attr(string name, bool? value) => Attr(name, value is { } v ? HclValue.Bool(v) : null);

    public OutBody Attr(string name, TimeSpan? value) => Attr(name, value is { } v ? GoDuration.Format(v) : null);

    public OutBody Enum<T>(string name, T? value)
        where T : struct, System.Enum => Attr(name, value is { } v ? EnumNames.ToName(v) : null);

    public OutBody List(string name, ValueList<string> values)
        => Attr(name, values.Count == 0 ? null : HclValue.Tuple(values.Select(HclValue.String)));

    public OutBody Map(string name, ValueDictionary<string> values) => MapOf(name, values, HclValue.String);

    public OutBody Map(string name, ValueDictionary<int> values) => MapOf(name, values, v => HclValue.Number(v));

    public OutBody EnumMap<T>(string name, ValueDictionary<T> values)
        where T : struct, System.Enum => MapOf(name, values, v => HclValue.String(EnumNames.ToName(v)));

    public OutBody Match(string name, StringMatch? match) => Attr(name, match is null ? null : MatchValue(match));

    public OutBody Matches(string name, ValueDictionary<StringMatch> values) => MapOf(name, values, MatchValue);

    public OutBody Block<T>(string type, T? value, Func<T, OutBody> write)
        where T : class
    {
        if (value is not null)
        {
            Children.Add(new OutBlock(type, null, write(value)));
        }

        return this;
    }

    public OutBody Blocks<T>(string type, ValueList<T> values, Func<T, OutBody> write, Func<T, string>? label = null)
    {
        foreach (var value in values)
        {
            Children.Add(new OutBlock(type, label?.Invoke(value), write(value)));
        }

        return this;
    }

    /// <summary>The attributes sorted by name, the canonical order.</summary>
    public IEnumerable<KeyValuePair<string, HclValue>> SortedAttributes => Attributes.OrderBy(a => a.Key, StringComparer.Ordinal);

    private static HclValue MatchValue(StringMatch m)
        => HclValue.Object([new(EnumNames.ToName(m.MatchKind), HclValue.String(m.Value))]);

    private OutBody MapOf<T>(string name, ValueDictionary<T> values, Func<T, HclValue> convert)
        => Attr(name, values.Count == 0 ? null : HclValue.Object(values.Select(kv => new KeyValuePair<string, HclValue>(kv.Key, convert(kv.Value)))));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Attributes.Count} attributes, {Children.Count} blocks");
}

/// <summary>A child block of an <see cref="OutBody"/>.</summary>
/// <param name="Type">The block type.</param>
/// <param name="Label">The label, for labelled blocks.</param>
/// <param name="Body">The content.</param>
internal sealed record OutBlock(string Type, string? Label, OutBody Body);
