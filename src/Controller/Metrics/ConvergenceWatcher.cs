using System.Text.Json;
using Mesh.Consul;
using Mesh.Consul.Kv;
using Mesh.Consul.Watch;
using Mesh.Controller.Hosting;
using Mesh.Controller.Storage;
using Mesh.ControllerApi;
using Mesh.Snapshots.Serialization;

namespace Mesh.Controller.Metrics;

/// <summary>
/// Measures proxy convergence: watches the agents' reports under <c>mesh/proxies/</c> and, the first time a proxy
/// reports a host at the version currently compiled for it, records the time since that snapshot was generated.
/// Only the leader records, so a replicated controller does not count each proxy once per replica.
/// </summary>
internal sealed partial class ConvergenceWatcher(
    ConsulClient consul,
    LeaderService leader,
    ControllerMetrics metrics,
    TimeProvider timeProvider,
    ILogger<ConvergenceWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, (string Version, DateTimeOffset GeneratedAt)> _compiled = new(StringComparer.Ordinal);
    private readonly HashSet<(string Proxy, string Host, string Version)> _seen = [];

    /// <summary>The blocking-query settings.</summary>
    public ConsulWatchOptions WatchOptions { get; init; } = new() { Wait = TimeSpan.FromSeconds(30) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = new ConsulWatch<IReadOnlyList<KvEntry>>((q, ct) => consul.Kv.ListAsync(KvKeys.ProxiesPrefix, q, ct), WatchOptions, timeProvider, logger);
        try
        {
            await foreach (var result in watch.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (leader.IsLeader)
                {
                    await ObserveAsync(result.Value, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Records convergence for every (proxy, host, version) reported for the first time.</summary>
    public async Task ObserveAsync(IReadOnlyList<KvEntry> reports, CancellationToken cancellationToken)
    {
        var refreshed = false;
        foreach (var entry in reports)
        {
            if (Read(entry) is not { } report)
            {
                continue;
            }

            foreach (var (host, version) in report.Applied)
            {
                if (_seen.Contains((entry.Key, host, version)))
                {
                    continue;
                }

                if (!Matches(host, version) && !refreshed)
                {
                    await RefreshCompiledAsync(cancellationToken).ConfigureAwait(false);
                    refreshed = true;
                }

                if (Matches(host, version))
                {
                    _seen.Add((entry.Key, host, version));
                    var appliedAt = report.UpdatedAt ?? timeProvider.GetUtcNow();
                    metrics.RecordConvergence(appliedAt - _compiled[host].GeneratedAt);
                }
            }
        }

        // Forget versions no longer current so the set does not grow with every generation.
        _seen.RemoveWhere(s => !Matches(s.Host, s.Version));
    }

    private bool Matches(string host, string version) =>
        _compiled.TryGetValue(host, out var compiled) && string.Equals(compiled.Version, version, StringComparison.Ordinal);

    private async Task RefreshCompiledAsync(CancellationToken cancellationToken)
    {
        _compiled.Clear();
        foreach (var entry in (await consul.Kv.ListAsync(KvKeys.CompiledPrefix, null, cancellationToken).ConfigureAwait(false)).Value)
        {
            if (entry.Value is not { Length: > 0 } bytes)
            {
                continue;
            }

            try
            {
                var snapshot = SnapshotSerializer.Deserialize(bytes);
                _compiled[entry.Key[KvKeys.CompiledPrefix.Length..]] = (snapshot.Version, snapshot.GeneratedAt);
            }
            catch (JsonException)
            {
                // Not written by a controller: nothing to measure against.
            }
        }
    }

    private ProxyReport? Read(KvEntry entry)
    {
        if (entry.Value is not { Length: > 0 } bytes)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, ControllerApiJsonContext.Default.ProxyReport);
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, entry.Key, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring the proxy report at {Key}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string key, string reason);
}
