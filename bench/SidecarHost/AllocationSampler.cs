using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace Mesh.Bench.SidecarHost;

/// <summary>
/// A cheap allocation profiler: the runtime's GC AllocationTick event fires about every 100 KB allocated and names
/// the type that crossed the threshold, so counting ticks per type samples where the bytes go.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _ticks = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var index = eventData.PayloadNames.IndexOf("TypeName");
        var type = index >= 0 ? eventData.Payload?[index] as string ?? "?" : "?";
        lock (_gate)
        {
            _ticks[type] = _ticks.GetValueOrDefault(type) + 1;
        }
    }

    /// <summary>The most sampled types since the last report, then resets.</summary>
    public string Report(int top)
    {
        lock (_gate)
        {
            var total = 0L;
            foreach (var count in _ticks.Values)
            {
                total += count;
            }

            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"allocation ticks (~100 KB each): {total}\n");
            foreach (var (type, count) in _ticks.OrderByDescending(p => p.Value).Take(top))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {count,6} {100.0 * count / Math.Max(total, 1),5:F1}% {type}\n");
            }

            _ticks.Clear();
            return text.ToString();
        }
    }
}
