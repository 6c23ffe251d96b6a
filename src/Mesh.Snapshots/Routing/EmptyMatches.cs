using System.Collections.Frozen;

namespace Mesh.Snapshots.Routing;

internal static class EmptyMatches
{
    public static readonly IReadOnlyDictionary<string, StringMatch> Instance = FrozenDictionary<string, StringMatch>.Empty;
}
