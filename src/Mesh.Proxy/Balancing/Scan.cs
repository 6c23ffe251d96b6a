using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Balancing;

/// <summary>Walks endpoints from a start index to the first selectable one.</summary>
internal static class Scan
{
    /// <summary>
    /// First selectable endpoint (see <see cref="EndpointState.IsSelectable"/>) at or after <paramref name="start"/>
    /// (wrapping), preferring not <paramref name="exclude"/>.
    /// </summary>
    public static EndpointState? From(EndpointState[] endpoints, int start, EndpointState? exclude, bool panic)
    {
        var fallback = default(EndpointState);
        for (var i = 0; i < endpoints.Length; i++)
        {
            var candidate = endpoints[(start + i) % endpoints.Length];
            if (!candidate.IsSelectable(panic))
            {
                continue;
            }

            if (ReferenceEquals(candidate, exclude))
            {
                fallback = candidate;
                continue;
            }

            return candidate;
        }

        return fallback;
    }
}
