namespace Mesh.Rules.Compilation;

/// <summary>
/// Finds the resources whose host patterns cover a host without scanning them all: exact hosts are looked up,
/// only wildcard patterns are tested. Per-host compilation asks this once per host, so without the index compile
/// time grew with hosts × resources.
/// </summary>
/// <typeparam name="T">The resource type.</typeparam>
internal sealed class HostIndex<T>
    where T : class
{
    private readonly Dictionary<string, List<int>> _exact = new(StringComparer.Ordinal);
    private readonly List<(string Pattern, int Position)> _wildcards = [];
    private readonly List<T> _items;

    /// <summary>Indexes <paramref name="items"/>, which keep their order in every answer.</summary>
    /// <param name="items">The resources, in the order callers break ties by.</param>
    /// <param name="hosts">The host patterns of a resource, as written.</param>
    public HostIndex(IEnumerable<T> items, Func<T, IEnumerable<string>> hosts)
    {
        _items = [.. items];
        for (var position = 0; position < _items.Count; position++)
        {
            foreach (var pattern in hosts(_items[position]).Select(HostNames.Canonical).Distinct(StringComparer.Ordinal))
            {
                if (HostNames.IsWildcard(pattern))
                {
                    _wildcards.Add((pattern, position));
                }
                else
                {
                    if (!_exact.TryGetValue(pattern, out var positions))
                    {
                        _exact[pattern] = positions = [];
                    }

                    positions.Add(position);
                }
            }
        }
    }

    /// <summary>Every resource with a pattern covering the canonical <paramref name="host"/>, in index order.</summary>
    public List<T> Covering(string host)
    {
        var positions = new SortedSet<int>();
        if (_exact.TryGetValue(host, out var exact))
        {
            positions.UnionWith(exact);
        }

        foreach (var (pattern, position) in _wildcards)
        {
            if (HostNames.Covers(pattern, host))
            {
                positions.Add(position);
            }
        }

        return [.. positions.Select(p => _items[p])];
    }
}
