using System.Text.Json;
using Mesh.Consul;
using Mesh.Consul.Kv;
using Mesh.Consul.Watch;
using Mesh.Controller.Storage;
using Mesh.ControllerApi;

namespace Mesh.Controller.Dashboard;

/// <summary>Feeds <see cref="TrafficAggregator"/> from a blocking query on <c>mesh/traffic/</c>; runs on every controller instance.</summary>
internal sealed partial class TrafficWatcher(ConsulClient consul, TrafficAggregator aggregator, TimeProvider timeProvider, ILogger<TrafficWatcher> logger)
    : BackgroundService
{
    /// <summary>The blocking-query settings.</summary>
    public ConsulWatchOptions WatchOptions { get; init; } = new() { Wait = TimeSpan.FromSeconds(30) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = new ConsulWatch<IReadOnlyList<KvEntry>>((q, ct) => consul.Kv.ListAsync(KvKeys.TrafficPrefix, q, ct), WatchOptions, timeProvider, logger);
        try
        {
            await foreach (var result in watch.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                Record(result.Value);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Hands every readable report to the aggregator and drops the keys that are gone.</summary>
    public void Record(IReadOnlyList<KvEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Value is not { Length: > 0 } bytes)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(bytes, ControllerApiJsonContext.Default.TrafficReport) is { } report)
                {
                    aggregator.Observe(entry.Key, report);
                }
            }
            catch (JsonException e)
            {
                LogUnreadable(logger, entry.Key, e.Message);
            }
        }

        aggregator.Retain(entries.Select(e => e.Key).ToList());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring the traffic report at {Key}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string key, string reason);
}
