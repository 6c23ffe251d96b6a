namespace Mesh.Rules.Model;

/// <summary>Request and response header manipulation (<c>headers</c> block).</summary>
public sealed record HeaderOperations
{
    /// <summary>Changes to the request.</summary>
    public HeaderOperation? Request { get; init; }

    /// <summary>Changes to the response.</summary>
    public HeaderOperation? Response { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
