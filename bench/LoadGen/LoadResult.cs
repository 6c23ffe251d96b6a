using System.Text;
using System.Text.Json;

namespace Mesh.Bench.LoadGen;

/// <summary>The outcome of one run, printed as one JSON line.</summary>
internal sealed class LoadResult(double rate, LatencyHistogram histogram, long completed, long completedAll, long errors, long maxQueued, double seconds)
{
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("rate", rate);
            json.WriteNumber("completed", completed);
            json.WriteNumber("completed_all", completedAll);
            json.WriteNumber("achieved_rps", seconds > 0 ? Math.Round(completed / seconds, 1) : 0);
            json.WriteNumber("errors", errors);
            json.WriteNumber("max_queued", maxQueued);
            json.WriteNumber("p50_us", Micros(histogram.ValueAtPercentile(50)));
            json.WriteNumber("p90_us", Micros(histogram.ValueAtPercentile(90)));
            json.WriteNumber("p99_us", Micros(histogram.ValueAtPercentile(99)));
            json.WriteNumber("p999_us", Micros(histogram.ValueAtPercentile(99.9)));
            json.WriteNumber("max_us", Micros(histogram.Max));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Micros(long nanoseconds) => Math.Round(nanoseconds / 1000.0, 1);
}
