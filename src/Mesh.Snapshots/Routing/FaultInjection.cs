namespace Mesh.Snapshots.Routing;

/// <summary>Faults injected before a request is forwarded.</summary>
public sealed record FaultInjection
{
    /// <summary>Delay a share of the requests.</summary>
    public DelayFault? Delay { get; init; }

    /// <summary>Abort a share of the requests.</summary>
    public AbortFault? Abort { get; init; }
}
