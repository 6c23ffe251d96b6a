using Mesh.Shared;

namespace Mesh.TestDoubles.Nomad;

/// <summary>Go's duration syntax ("300ms", "1m30s", "5m"), which Nomad's <c>wait</c> parameter and Vault's TTLs use.</summary>
internal static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration) => GoDurationParser.TryParse(text, out duration);
}
