namespace Mesh.Rules.Compilation;

/// <summary>One registered instance of a catalog service (a Consul service instance).</summary>
public sealed record CatalogInstance
{
    /// <summary>The node the instance runs on.</summary>
    public string Node { get; init; } = "";

    /// <summary>The instance's address.</summary>
    public string Address { get; init; } = "";

    /// <summary>The instance's port.</summary>
    public int Port { get; init; }

    /// <summary>Consul tags; tags of the form <c>key=value</c> count as labels.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Consul service meta; the labels subsets and selectors match.</summary>
    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    /// <summary>The instance's locality, <c>region/zone/subzone</c>; empty when unknown.</summary>
    public string Locality { get; init; } = "";

    /// <summary>
    /// The labels subsets match: <c>key=value</c> tags, overridden by <see cref="Meta"/> entries of the same key.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in Tags)
        {
            var eq = tag.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                labels[tag[..eq]] = tag[(eq + 1)..];
            }
        }

        foreach (var (key, value) in Meta)
        {
            labels[key] = value;
        }

        return labels;
    }
}
