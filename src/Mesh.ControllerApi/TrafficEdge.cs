namespace Mesh.ControllerApi;

/// <summary>Cumulative counters of the requests from one service to one version of another, since the agent started.</summary>
public sealed record TrafficEdge
{
    /// <summary>The calling service.</summary>
    public required string Source { get; init; }

    /// <summary>The called service.</summary>
    public required string Destination { get; init; }

    /// <summary>The called version (the subset), when the route chose one.</summary>
    public string? DestinationVersion { get; init; }

    /// <summary>Requests completed.</summary>
    public long Requests { get; init; }

    /// <summary>Requests answered with a 5xx status or failed without an answer.</summary>
    public long Errors { get; init; }

    /// <summary>The sum of every request's duration in milliseconds.</summary>
    public double DurationMsSum { get; init; }
}
