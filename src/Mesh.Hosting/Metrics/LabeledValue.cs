using System.Globalization;

namespace Mesh.Hosting.Metrics;

/// <summary>One label set of an instrument: its labels and its running value (and bucket counts for histograms).</summary>
internal sealed class LabeledValue
{
    private readonly long[] _bucketCounts;
    private double _value;

    public LabeledValue(ReadOnlySpan<KeyValuePair<string, object?>> tags, int bucketSlots)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(LabelName(tags[i].Key), LabelValue(tags[i].Value));
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        Labels = labels;
        _bucketCounts = new long[bucketSlots];
    }

    public KeyValuePair<string, string>[] Labels { get; }

    public double Value => Volatile.Read(ref _value);

    /// <summary>True when <paramref name="tags"/> carry exactly these labels, in any order, without allocating.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != Labels.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var found = false;
            foreach (var label in Labels)
            {
                if (string.Equals(label.Key, tag.Key, StringComparison.Ordinal) || string.Equals(label.Key, LabelName(tag.Key), StringComparison.Ordinal))
                {
                    found = tag.Value switch
                    {
                        string s => string.Equals(s, label.Value, StringComparison.Ordinal),
                        null => label.Value.Length == 0,
                        _ => string.Equals(LabelValue(tag.Value), label.Value, StringComparison.Ordinal),
                    };
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    public void Add(double delta)
    {
        double current, updated;
        do
        {
            current = Volatile.Read(ref _value);
            updated = current + delta;
        }
        while (Interlocked.CompareExchange(ref _value, updated, current) != current);
    }

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Observe(double value, double[] buckets)
    {
        var slot = buckets.Length;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (value <= buckets[i])
            {
                slot = i;
                break;
            }
        }

        Interlocked.Increment(ref _bucketCounts[slot]);
        Add(value);
    }

    public long[] SnapshotBuckets()
    {
        var copy = new long[_bucketCounts.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _bucketCounts[i]);
        }

        return copy;
    }

    private static string LabelName(string key)
    {
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return string.Create(key.Length, key, static (span, k) =>
                {
                    for (var i = 0; i < k.Length; i++)
                    {
                        span[i] = char.IsAsciiLetterOrDigit(k[i]) || k[i] == '_' ? k[i] : '_';
                    }
                });
            }
        }

        return key;
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
