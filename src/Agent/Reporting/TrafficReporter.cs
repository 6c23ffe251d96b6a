using System.Text.Json;
using Mesh.Consul;
using Mesh.ControllerApi;

namespace Mesh.Agent.Reporting;

/// <summary>
/// Writes <c>mesh/traffic/&lt;node&gt;/&lt;service&gt;</c> (a <see cref="TrafficReport"/> the controller's dashboard
/// reads) every <see cref="Interval"/> for each local service whose counters changed, and deletes a service's key
/// when its last workload stops.
/// </summary>
internal sealed partial class TrafficReporter : IAsyncDisposable
{
    /// <summary>How often the counters are read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly ConsulClient _consul;
    private readonly string _node;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<TrafficRecorder> _recorders = [];
    private readonly Dictionary<string, long> _written = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public TrafficReporter(ConsulClient consul, string node, TimeProvider time, ILogger logger)
    {
        _consul = consul;
        _node = node;
        _time = time;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    public static string Key(string node, string service) => "mesh/traffic/" + node + "/" + service;

    /// <summary>Starts counting a workload's outbound traffic (its proxy's meters come from <paramref name="meterScope"/>).</summary>
    public TrafficRecorder Add(string service, object meterScope)
    {
        var recorder = new TrafficRecorder(service, meterScope);
        lock (_lock)
        {
            _recorders.Add(recorder);
        }

        return recorder;
    }

    /// <summary>Stops counting a workload; deletes the service's key when no other workload of it is left.</summary>
    public async Task RemoveAsync(TrafficRecorder recorder)
    {
        bool last;
        lock (_lock)
        {
            _recorders.Remove(recorder);
            last = !_recorders.Any(r => r.Service == recorder.Service);
        }

        recorder.Dispose();
        if (!last)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _written.Remove(recorder.Service);
            await _consul.Kv.DeleteAsync(Key(_node, recorder.Service)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException or TaskCanceledException)
        {
            LogReportFailed(_logger, recorder.Service, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the report of every service whose counters changed since its last report.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<IGrouping<string, TrafficRecorder>> services;
        lock (_lock)
        {
            services = [.. _recorders.GroupBy(r => r.Service, StringComparer.Ordinal)];
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var service in services)
            {
                var changes = service.Sum(r => r.Changes);
                if (changes == 0 || _written.TryGetValue(service.Key, out var written) && written == changes)
                {
                    continue;
                }

                var report = new TrafficReport { UpdatedAt = _time.GetUtcNow(), Edges = Merge(service) };
                try
                {
                    await _consul.Kv.PutAsync(Key(_node, service.Key), JsonSerializer.SerializeToUtf8Bytes(report, ControllerApiJsonContext.Default.TrafficReport), cancellationToken: cancellationToken).ConfigureAwait(false);
                    _written[service.Key] = changes;
                }
                catch (Exception e) when (e is HttpRequestException or ConsulException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    LogReportFailed(_logger, service.Key, e.Message);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One edge per destination and version, summed over the service's workloads.</summary>
    private static List<TrafficEdge> Merge(IEnumerable<TrafficRecorder> recorders) =>
    [
        .. recorders.SelectMany(r => r.Edges())
            .GroupBy(e => (e.Destination, e.DestinationVersion))
            .Select(g => g.Count() == 1 ? g.First() : g.First() with
            {
                Requests = g.Sum(e => e.Requests),
                Errors = g.Sum(e => e.Errors),
                DurationMsSum = g.Sum(e => e.DurationMsSum),
            })
            .OrderBy(e => e.Destination, StringComparer.Ordinal)
            .ThenBy(e => e.DestinationVersion, StringComparer.Ordinal),
    ];

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        List<TrafficRecorder> left;
        lock (_lock)
        {
            left = [.. _recorders];
        }

        foreach (var recorder in left)
        {
            await RemoveAsync(recorder).ConfigureAwait(false);
        }

        _stopping.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting the traffic of {Service} failed: {Error}")]
    private static partial void LogReportFailed(ILogger logger, string service, string error);
}
