namespace Mesh.Proxy.Endpoints;

/// <summary>Selects the endpoints whose labels include every label of a subset.</summary>
public static class SubsetSelector
{
    /// <summary>True when <paramref name="labels"/> contains every pair of <paramref name="selector"/>.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> selector)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(selector);
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The endpoints of <paramref name="all"/> matching the selector (all of them for an empty selector).</summary>
    public static UpstreamEndpoint[] Select(IReadOnlyList<UpstreamEndpoint> all, IReadOnlyDictionary<string, string> selector)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(selector);
        var result = new List<UpstreamEndpoint>(all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            if (selector.Count == 0 || Matches(all[i].Labels, selector))
            {
                result.Add(all[i]);
            }
        }

        return [.. result];
    }
}
