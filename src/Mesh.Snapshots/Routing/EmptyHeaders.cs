using System.Collections.Frozen;

namespace Mesh.Snapshots.Routing;

internal static class EmptyHeaders
{
    public static readonly IReadOnlyDictionary<string, string> Instance = FrozenDictionary<string, string>.Empty;
}
