using System.Collections;

namespace Mesh.Rules.Model;

/// <summary>An immutable map with string keys, sorted ordinally, that compares by its entries.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class ValueDictionary<T> : IReadOnlyDictionary<string, T>, IEquatable<ValueDictionary<T>>
{
    private readonly SortedDictionary<string, T> _items;

    /// <summary>Creates a map holding a copy of the entries; later duplicates win.</summary>
    public ValueDictionary(IEnumerable<KeyValuePair<string, T>> entries)
    {
        _items = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (k, v) in entries)
        {
            _items[k] = v;
        }
    }

    /// <summary>The empty map.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "The natural place for the empty instance.")]
    public static ValueDictionary<T> Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _items.Keys;

    /// <inheritdoc />
    public IEnumerable<T> Values => _items.Values;

    /// <inheritdoc />
    public T this[string key] => _items[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value) => _items.TryGetValue(key, out value);

    /// <inheritdoc />
    public bool Equals(ValueDictionary<T>? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        foreach (var (k, v) in _items)
        {
            if (!other._items.TryGetValue(k, out var ov) || !comparer.Equals(v, ov))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ValueDictionary<T>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (k, v) in _items)
        {
            hash.Add(k, StringComparer.Ordinal);
            hash.Add(v);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _items.Select(kv => kv.Key + "=" + kv.Value)) + "}";
}
