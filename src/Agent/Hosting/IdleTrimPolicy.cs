namespace Mesh.Agent.Hosting;

/// <summary>
/// When <see cref="IdleHeapTrimmer"/> trims: fed the process's cumulative allocated bytes once per interval, it answers
/// yes at the first quiet interval (under <c>idleBytes</c> allocated in it) once more than <c>burstBytes</c> were
/// allocated since the last trim: once after each burst of traffic, never while traffic flows, and on an idle agent at
/// most once per <c>burstBytes</c> of housekeeping allocations.
/// </summary>
internal sealed class IdleTrimPolicy(long idleBytes, long burstBytes, long allocatedAtStart)
{
    private long _previous = allocatedAtStart;
    private long _atLastTrim = allocatedAtStart;

    /// <summary>Takes one sample; true when the heap should be trimmed now.</summary>
    public bool Sample(long allocated)
    {
        var quiet = allocated - _previous < idleBytes;
        var grew = allocated - _atLastTrim > burstBytes;
        _previous = allocated;
        return quiet && grew;
    }

    /// <summary>Records a trim (with the allocation count after it, which the collection itself may have moved).</summary>
    public void Trimmed(long allocated)
    {
        _previous = allocated;
        _atLastTrim = allocated;
    }
}
