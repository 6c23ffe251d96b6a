namespace Mesh.Rules.Model;

/// <summary>Fault injection (<c>fault</c> block).</summary>
public sealed record HttpFault
{
    /// <summary>Delay injection.</summary>
    public FaultDelay? Delay { get; init; }

    /// <summary>Abort injection.</summary>
    public FaultAbort? Abort { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
