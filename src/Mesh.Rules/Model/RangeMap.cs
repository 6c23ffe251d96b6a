using Mesh.Hcl.Diagnostics;

namespace Mesh.Rules.Model;

/// <summary>
/// Where the parts of a structure were written: the block itself (key <see cref="Block"/>), its label
/// (key <see cref="Label"/>) and each attribute's value expression (key = attribute name). Source positions are
/// not part of a structure's value: every range map equals every other, so a resource loaded from two different
/// files, or rebuilt from JSON, compares equal.
/// </summary>
public sealed class RangeMap : IEquatable<RangeMap>
{
    /// <summary>The key of the block's header range.</summary>
    public const string Block = "";

    /// <summary>The key of the block's first label.</summary>
    public const string Label = "@label";

    private readonly Dictionary<string, SourceRange> _ranges;

    /// <summary>Creates a map from ranges by key.</summary>
    public RangeMap(IReadOnlyDictionary<string, SourceRange> ranges)
    {
        _ranges = new Dictionary<string, SourceRange>(ranges, StringComparer.Ordinal);
    }

    /// <summary>A map without ranges (for structures built in code or read from JSON).</summary>
    public static RangeMap Empty { get; } = new(new Dictionary<string, SourceRange>());

    /// <summary>The block's header range, when known.</summary>
    public SourceRange? BlockRange => Get(Block);

    /// <summary>The range of an attribute's value, when known.</summary>
    public SourceRange? Get(string key) => _ranges.TryGetValue(key, out var r) ? r : null;

    /// <summary>The range of an attribute's value, else the block's range, else null.</summary>
    public SourceRange? For(string key) => Get(key) ?? BlockRange;

    /// <summary>The keys that have ranges.</summary>
    public IEnumerable<string> Keys => _ranges.Keys;

    /// <summary>Always true: source positions are not part of a structure's value.</summary>
    public bool Equals(RangeMap? other) => other is not null;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RangeMap;

    /// <inheritdoc />
    public override int GetHashCode() => 0;
}
