namespace Mesh.Bench.Apply;

/// <summary>Median and p90 of a set of durations in milliseconds (nearest rank).</summary>
internal readonly record struct Percentiles(double Median, double P90, double Min, double Max, int Count)
{
    public static Percentiles Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new Percentiles(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        }

        var sorted = values.Order().ToArray();
        return new Percentiles(Rank(sorted, 0.5), Rank(sorted, 0.9), sorted[0], sorted[^1], sorted.Length);
    }

    private static double Rank(double[] sorted, double quantile)
    {
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
