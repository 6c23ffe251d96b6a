namespace Mesh.Bench.HandshakeBench;

/// <summary>Operations completed and failed by the load workers, read while they run.</summary>
internal sealed class LoadCounters
{
    private long _completed;
    private long _failed;

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public void Complete() => Interlocked.Increment(ref _completed);

    public void Fail() => Interlocked.Increment(ref _failed);
}
