namespace Mesh.Rules.Model;

/// <summary>The retry policy (<c>retries</c> block).</summary>
public sealed record HttpRetry
{
    /// <summary>The number of retries.</summary>
    public int? Attempts { get; init; }

    /// <summary>The timeout of each attempt.</summary>
    public TimeSpan? PerTryTimeout { get; init; }

    /// <summary>The conditions that cause a retry.</summary>
    public ValueList<string> RetryOn { get; init; } = ValueList<string>.Empty;

    /// <summary>Whether retries may go to other localities.</summary>
    public bool? RetryRemoteLocalities { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
