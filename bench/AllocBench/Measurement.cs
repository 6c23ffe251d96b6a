namespace Mesh.Bench.AllocBench;

/// <summary>Allocation and collection figures of one measured run.</summary>
internal readonly record struct Measurement(long Requests, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Elapsed, int Failures)
{
    public double BytesPerRequest => (double)AllocatedBytes / Requests;

    public static async Task<Measurement> RunAsync(LoadClient client, int requests)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var failures = await client.SendAsync(requests).ConfigureAwait(false);
        var after = GC.GetTotalAllocatedBytes(precise: true);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        return new Measurement(requests, after - before, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, elapsed, failures);
    }
}
