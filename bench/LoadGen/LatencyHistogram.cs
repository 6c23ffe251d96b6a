using System.Numerics;

namespace Mesh.Bench.LoadGen;

/// <summary>
/// A log-linear histogram in the manner of HdrHistogram: values below 256 are exact, above that each power of two
/// is split into 128 sub-buckets, so every recorded value is kept within 1/128 (under 0.8 %) of its true value.
/// Thread-safe recording (interlocked increments), no allocation per value.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 256;
    private const int HalfSubBuckets = 128;
    private readonly long[] _counts = new long[SubBuckets + (64 * HalfSubBuckets)];
    private long _total;
    private long _max;

    public long Count => Interlocked.Read(ref _total);

    public long Max => Interlocked.Read(ref _max);

    public void Record(long value)
    {
        if (value < 0)
        {
            value = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        var max = Interlocked.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at or below which <paramref name="percentile"/> percent of the recorded values lie.</summary>
    public long ValueAtPercentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var target = (long)Math.Ceiling(percentile / 100.0 * total);
        target = Math.Clamp(target, 1, total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= target)
            {
                return Math.Min(HighestEquivalent(i), Max);
            }
        }

        return Max;
    }

    internal static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var highestBit = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = highestBit - 7;
        var sub = (int)(value >> shift);
        return SubBuckets + ((shift - 1) * HalfSubBuckets) + (sub - HalfSubBuckets);
    }

    internal static long HighestEquivalent(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = ((index - SubBuckets) / HalfSubBuckets) + 1;
        long sub = ((index - SubBuckets) % HalfSubBuckets) + HalfSubBuckets;
        return ((sub + 1) << shift) - 1;
    }
}
