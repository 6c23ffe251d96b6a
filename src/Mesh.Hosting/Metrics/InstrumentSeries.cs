using System.Diagnostics.Metrics;
using System.Globalization;

namespace Mesh.Hosting.Metrics;

/// <summary>The label sets seen for one instrument and their aggregated values.</summary>
internal sealed class InstrumentSeries
{
    // Istio's default buckets for durations in milliseconds, and powers of ten for sizes.
    private static readonly double[] MillisecondBuckets = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
    private static readonly double[] SecondBuckets = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600, 1800, 3600];
    private static readonly double[] ByteBuckets = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

    private readonly Lock _createLock = new();
    private readonly TagIdentityIndex _identities = new();
    private volatile LabeledValue[] _series = [];

    private InstrumentSeries(string name, string type, string? help, double[]? buckets, bool isObservable)
    {
        Name = name;
        Type = type;
        Help = help;
        Buckets = buckets;
        IsObservable = isObservable;
    }

    public string Name { get; }

    public string Type { get; }

    public string? Help { get; }

    public double[]? Buckets { get; }

    public bool IsObservable { get; }

    public static InstrumentSeries Create(Instrument instrument)
    {
        var isCounter = IsGeneric(instrument, typeof(Counter<>)) || IsGeneric(instrument, typeof(ObservableCounter<>));
        var isHistogram = IsGeneric(instrument, typeof(Histogram<>));
        var isObservable = instrument.IsObservable;
        var name = PrometheusName(instrument.Name, instrument.Unit, isCounter);
        var type = isHistogram ? "histogram" : isCounter ? "counter" : "gauge";
        var buckets = isHistogram ? BucketsFor(instrument) : null;
        return new InstrumentSeries(name, type, instrument.Description, buckets, isObservable);
    }

    public void ResetObservations()
    {
        _series = [];
        _identities.Clear();
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_identities.TryGet(tags, out var series))
        {
            series = Find(tags) ?? Add(tags);
            _identities.Add(tags, series);
        }

        if (Buckets is not null)
        {
            series.Observe(value, Buckets);
        }
        else if (IsObservable)
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    public void WriteTo(TextWriter writer)
    {
        var all = _series;
        if (all.Length == 0)
        {
            return;
        }

        if (!string.IsNullOrEmpty(Help))
        {
            writer.Write("# HELP ");
            writer.Write(Name);
            writer.Write(' ');
            writer.Write(Help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
            writer.Write('\n');
        }

        writer.Write("# TYPE ");
        writer.Write(Name);
        writer.Write(' ');
        writer.Write(Type);
        writer.Write('\n');

        foreach (var series in all)
        {
            if (Buckets is null)
            {
                WriteSample(writer, Name, series.Labels, null, series.Value);
                continue;
            }

            var counts = series.SnapshotBuckets();
            long cumulative = 0;
            for (var i = 0; i < Buckets.Length; i++)
            {
                cumulative += counts[i];
                WriteSample(writer, Name + "_bucket", series.Labels, Format(Buckets[i]), cumulative);
            }

            cumulative += counts[Buckets.Length];
            WriteSample(writer, Name + "_bucket", series.Labels, "+Inf", cumulative);
            WriteSample(writer, Name + "_sum", series.Labels, null, series.Value);
            WriteSample(writer, Name + "_count", series.Labels, null, cumulative);
        }
    }

    internal static string PrometheusName(string instrumentName, string? unit, bool isCounter)
    {
        var chars = instrumentName.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':'))
            {
                chars[i] = '_';
            }
        }

        var name = new string(chars);
        var suffix = unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            "By" => "_bytes",
            _ => null,
        };
        if (suffix is not null && !name.EndsWith(suffix, StringComparison.Ordinal) && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += suffix;
        }

        if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    private static bool IsGeneric(Instrument instrument, Type definition) =>
        instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == definition;

    private static double[] BucketsFor(Instrument instrument)
    {
        var advice = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advice is { Length: > 0 })
        {
            return advice;
        }

        return instrument.Unit switch
        {
            "s" => SecondBuckets,
            "By" => ByteBuckets,
            _ => MillisecondBuckets,
        };
    }

    private LabeledValue? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in _series)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        return null;
    }

    private LabeledValue Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_createLock)
        {
            var existing = Find(tags);
            if (existing is not null)
            {
                return existing;
            }

            var created = new LabeledValue(tags, Buckets?.Length + 1 ?? 0);
            var grown = new LabeledValue[_series.Length + 1];
            _series.CopyTo(grown, 0);
            grown[^1] = created;
            _series = grown;
            return created;
        }
    }

    private static void WriteSample(TextWriter writer, string name, KeyValuePair<string, string>[] labels, string? le, double value)
    {
        writer.Write(name);
        if (labels.Length > 0 || le is not null)
        {
            writer.Write('{');
            var first = true;
            foreach (var (key, labelValue) in labels)
            {
                if (!first)
                {
                    writer.Write(',');
                }

                first = false;
                writer.Write(key);
                writer.Write("=\"");
                WriteEscaped(writer, labelValue);
                writer.Write('"');
            }

            if (le is not null)
            {
                if (!first)
                {
                    writer.Write(',');
                }

                writer.Write("le=\"");
                writer.Write(le);
                writer.Write('"');
            }

            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(Format(value));
        writer.Write('\n');
    }

    private static void WriteEscaped(TextWriter writer, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': writer.Write("\\\\"); break;
                case '"': writer.Write("\\\""); break;
                case '\n': writer.Write("\\n"); break;
                default: writer.Write(c); break;
            }
        }
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
