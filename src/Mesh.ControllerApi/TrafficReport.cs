namespace Mesh.ControllerApi;

/// <summary>
/// What an agent writes under <c>mesh/traffic/&lt;node&gt;/&lt;service&gt;</c>: the traffic its proxy saw, as counters
/// that only grow while the agent runs (a value that goes down means the agent restarted and counts from zero).
/// </summary>
public sealed record TrafficReport
{
    /// <summary>When the agent read the counters (RFC 3339); rates are computed between two reports' times.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>One entry per source, destination and destination version the proxy carried traffic for.</summary>
    public IReadOnlyList<TrafficEdge> Edges { get; init; } = [];
}
