using Mesh.ControllerApi;

namespace Mesh.Controller.Dashboard;

/// <summary>
/// Turns the cumulative counters agents write under <c>mesh/traffic/</c> into rates: for each report key it keeps the
/// previous report and computes, per edge, the requests, errors and durations of the window between the two.
/// An edge whose counters have not moved for <see cref="StaleAfter"/> (or whose report stopped) leaves the graph.
/// </summary>
internal sealed class TrafficAggregator(TimeProvider timeProvider)
{
    /// <summary>How long an edge without new traffic stays in the graph.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Sample> _samples = new(StringComparer.Ordinal);

    /// <summary>Records the report read from <paramref name="key"/>; a report with the same time as the last one changes nothing.</summary>
    public void Observe(string key, TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(report);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            _samples.TryGetValue(key, out var previous);
            if (previous is not null && previous.Report.UpdatedAt == report.UpdatedAt)
            {
                return;
            }

            _samples[key] = new Sample(report, now, Windows(previous, report, now));
        }
    }

    /// <summary>Forgets every key not in <paramref name="keys"/> (reports deleted from KV).</summary>
    public void Retain(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var keep = keys.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var key in _samples.Keys.Where(k => !keep.Contains(k)).ToList())
            {
                _samples.Remove(key);
            }
        }
    }

    /// <summary>The graph of the edges with traffic in the last <see cref="StaleAfter"/>, summed over nodes and versions.</summary>
    public GraphResponse Graph()
    {
        var now = timeProvider.GetUtcNow();
        List<EdgeWindow> live;
        lock (_gate)
        {
            live = _samples.Values.SelectMany(s => s.Windows).Where(w => now - w.LastActive <= StaleAfter).ToList();
        }

        var versions = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var w in live)
        {
            Versions(versions, w.Source);
            var destination = Versions(versions, w.Destination);
            if (!string.IsNullOrEmpty(w.Version))
            {
                destination.Add(w.Version);
            }
        }

        var nodes = versions.Select(v => new GraphNode(v.Key, "service", [.. v.Value])).ToList();
        var edges = live
            .GroupBy(w => (w.Source, w.Destination))
            .OrderBy(g => g.Key.Source, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Destination, StringComparer.Ordinal)
            .Select(g =>
            {
                var rps = g.Where(w => w.Seconds > 0).Sum(w => w.Requests / w.Seconds);
                var requests = g.Sum(w => w.Requests);
                var errors = g.Sum(w => w.Errors);
                var duration = g.Sum(w => w.DurationMs);
                return new GraphEdge(
                    g.Key.Source,
                    g.Key.Destination,
                    Math.Round(rps, 3),
                    requests > 0 ? Math.Round(100.0 * errors / requests, 3) : 0,
                    requests > 0 ? Math.Round(duration / requests, 3) : 0);
            })
            .ToList();
        return new GraphResponse(nodes, edges, now);
    }

    private static SortedSet<string> Versions(SortedDictionary<string, SortedSet<string>> versions, string service)
    {
        if (!versions.TryGetValue(service, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            versions[service] = set;
        }

        return set;
    }

    private static List<EdgeWindow> Windows(Sample? previous, TrafficReport report, DateTimeOffset now)
    {
        var seconds = 0.0;
        if (previous is not null)
        {
            seconds = (report.UpdatedAt - previous.Report.UpdatedAt).TotalSeconds;
            if (seconds <= 0)
            {
                // The agent's clock went backwards (a restart on another host): fall back to when we saw the reports.
                seconds = Math.Max(0, (now - previous.ObservedAt).TotalSeconds);
            }
        }

        var before = new Dictionary<(string, string, string?), (TrafficEdge Edge, DateTimeOffset LastActive)>();
        if (previous is not null)
        {
            var lastActive = previous.Windows.ToDictionary(w => (w.Source, w.Destination, w.Version), w => w.LastActive);
            foreach (var edge in previous.Report.Edges)
            {
                var key = (edge.Source, edge.Destination, edge.DestinationVersion);
                before[key] = (edge, lastActive.GetValueOrDefault(key, previous.ObservedAt));
            }
        }

        var windows = new List<EdgeWindow>(report.Edges.Count);
        foreach (var edge in report.Edges)
        {
            if (string.IsNullOrEmpty(edge.Source) || string.IsNullOrEmpty(edge.Destination))
            {
                continue;
            }

            long requests = edge.Requests, errors = edge.Errors;
            var duration = edge.DurationMsSum;
            var lastActive = now;
            if (before.TryGetValue((edge.Source, edge.Destination, edge.DestinationVersion), out var old))
            {
                var reset = edge.Requests < old.Edge.Requests || edge.Errors < old.Edge.Errors || edge.DurationMsSum < old.Edge.DurationMsSum;
                if (!reset)
                {
                    requests -= old.Edge.Requests;
                    errors -= old.Edge.Errors;
                    duration -= old.Edge.DurationMsSum;
                }

                if (requests == 0)
                {
                    lastActive = old.LastActive;
                }
            }
            else if (previous is null)
            {
                // The first report of a key: counters since the agent started, not a window.
                requests = 0;
                errors = 0;
                duration = 0;
            }

            windows.Add(new EdgeWindow(edge.Source, edge.Destination, edge.DestinationVersion, requests, errors, duration, seconds, lastActive));
        }

        return windows;
    }

    private sealed record Sample(TrafficReport Report, DateTimeOffset ObservedAt, List<EdgeWindow> Windows);
}
