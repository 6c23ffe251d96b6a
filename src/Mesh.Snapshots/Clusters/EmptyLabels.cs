using System.Collections.Frozen;

namespace Mesh.Snapshots.Clusters;

internal static class EmptyLabels
{
    public static readonly IReadOnlyDictionary<string, string> Instance = FrozenDictionary<string, string>.Empty;
}
