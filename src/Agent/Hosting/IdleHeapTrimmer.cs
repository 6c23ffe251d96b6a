namespace Mesh.Agent.Hosting;

/// <summary>
/// Hands the GC heap that a burst of traffic grew back to the OS once the agent is idle again. The GC gives memory
/// back only while it collects, and an idle agent allocates too little to trigger collections, so without this the
/// resident set stays at its busiest for hours (measured: 52 MB at start, 66-70 MB idle after 25 s of load; docs/proxy.md
/// "Runtime settings"). One aggressive collection of a heap this size is a few milliseconds, once per burst; when to
/// collect is <see cref="IdleTrimPolicy"/>'s decision.
/// </summary>
internal sealed partial class IdleHeapTrimmer(TimeProvider time, ILogger<IdleHeapTrimmer> logger) : BackgroundService
{
    /// <summary>How often allocation is sampled; the heap is trimmed one to two intervals after traffic stops.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    // An idle agent (catalog watches, TTL checks, certificate and snapshot polls) allocates well under this per interval.
    private const long IdleAllocationBytes = 4 << 20;

    // Allocated since the last trim: below this the heap cannot have grown enough to be worth a full collection.
    private const long BurstAllocationBytes = 64 << 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new IdleTrimPolicy(IdleAllocationBytes, BurstAllocationBytes, GC.GetTotalAllocatedBytes());
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (policy.Sample(GC.GetTotalAllocatedBytes()))
                {
                    var before = Environment.WorkingSet;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    LogTrimmed(logger, before >> 20, Environment.WorkingSet >> 20);
                    policy.Trimmed(GC.GetTotalAllocatedBytes());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle after a burst of traffic: GC heap trimmed, resident set {BeforeMb} MB -> {AfterMb} MB")]
    private static partial void LogTrimmed(ILogger logger, long beforeMb, long afterMb);
}
