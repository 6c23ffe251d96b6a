using System.Text;
using System.Text.Json;
using Mesh.Consul;
using Mesh.Controller.Configuration;
using Mesh.ControllerApi;
using Mesh.Snapshots.Serialization;

namespace Mesh.Controller.Storage;

/// <summary>Reads what <c>meshctl status</c> shows: generation, leader, resource statuses and proxy sync state.</summary>
internal sealed class StatusReader(ConsulClient consul, DesiredStateStore store, ControllerOptions options, TimeProvider timeProvider)
{
    public async Task<StatusResponse> ReadAsync(CancellationToken cancellationToken)
    {
        var desired = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var leader = await consul.Kv.GetAsync(options.LeaderKey, null, cancellationToken).ConfigureAwait(false);
        var leaderName = leader.Value is { Session.Length: > 0, Value: { } value } ? Encoding.UTF8.GetString(value) : null;
        var statuses = await ReadResourceStatusesAsync(cancellationToken).ConfigureAwait(false);
        var resources = desired.Resources
            .Select(r => statuses.TryGetValue((r.Kind, r.Name), out var s) ? s : null)
            .OfType<ResourceStatusDto>()
            .ToList();
        var compiled = new Dictionary<string, (string Version, DateTimeOffset GeneratedAt)>(StringComparer.Ordinal);
        foreach (var entry in (await consul.Kv.ListAsync(KvKeys.CompiledPrefix, null, cancellationToken).ConfigureAwait(false)).Value)
        {
            if (entry.Value is not { Length: > 0 } bytes)
            {
                continue;
            }

            try
            {
                var snapshot = SnapshotSerializer.Deserialize(bytes);
                compiled[entry.Key[KvKeys.CompiledPrefix.Length..]] = (snapshot.Version, snapshot.GeneratedAt);
            }
            catch (JsonException)
            {
                // Not written by a controller (a hand-edited key): its host cannot be compared.
            }
        }

        var proxies = new List<ProxyStatusDto>();
        foreach (var entry in (await consul.Kv.ListAsync(KvKeys.ProxiesPrefix, null, cancellationToken).ConfigureAwait(false)).Value)
        {
            var path = entry.Key[KvKeys.ProxiesPrefix.Length..].Split('/', 2);
            if (path.Length != 2 || entry.Value is not { Length: > 0 } bytes)
            {
                continue;
            }

            ProxyReport? report;
            try
            {
                report = JsonSerializer.Deserialize(bytes, ControllerApiJsonContext.Default.ProxyReport);
            }
            catch (JsonException)
            {
                report = null;
            }

            proxies.Add(Compare(path[0], path[1], report, compiled));
        }

        var rulesDir = await consul.Kv.GetAsync(KvKeys.RulesDirStatus, null, cancellationToken).ConfigureAwait(false);
        return new StatusResponse(desired.Generation, leaderName, resources, proxies) { RulesDir = ParseRulesDir(rulesDir.Value?.Value) };
    }

    /// <summary>
    /// Compares every host a proxy reports with <c>mesh/compiled/&lt;host&gt;</c>: <c>rejected</c> when it refused a
    /// host's current snapshot, <c>stale</c> when it serves an older one, <c>synced</c> when every host matches and
    /// <c>unknown</c> without a readable report. Hosts without a compiled snapshot (the agent serves its default) are skipped.
    /// </summary>
    private ProxyStatusDto Compare(string node, string service, ProxyReport? report, Dictionary<string, (string Version, DateTimeOffset GeneratedAt)> compiled)
    {
        var own = compiled.TryGetValue(service, out var o) ? o.Version : null;
        if (report is null)
        {
            return new ProxyStatusDto(node, service, "unknown", null, own, null, null);
        }

        var appliedHosts = report.Applied;
        var rejectedHosts = report.Rejected;
        var now = timeProvider.GetUtcNow();
        ProxyStatusDto? rejected = null;
        ProxyStatusDto? stale = null;
        foreach (var host in appliedHosts.Keys.Union(rejectedHosts.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!compiled.TryGetValue(host, out var expected))
            {
                continue;
            }

            var applied = appliedHosts.TryGetValue(host, out var a) ? a : null;
            if (string.Equals(applied, expected.Version, StringComparison.Ordinal))
            {
                continue;
            }

            var lag = Math.Max(0, (now - expected.GeneratedAt).TotalSeconds);
            if (rejected is null && rejectedHosts.TryGetValue(host, out var rejection) && string.Equals(rejection.Version, expected.Version, StringComparison.Ordinal))
            {
                rejected = new ProxyStatusDto(node, service, "rejected", applied, expected.Version, lag, rejection.Error);
            }
            else if (stale is null || lag > stale.LagSeconds)
            {
                stale = new ProxyStatusDto(node, service, "stale", applied, expected.Version, lag, null);
            }
        }

        var status = rejected ?? stale
            ?? new ProxyStatusDto(node, service, "synced", appliedHosts.TryGetValue(service, out var self) ? self : own, own, null, null);
        return status with { CertificateNotAfter = report.CertificateNotAfter };
    }

    private static RulesDirStatus? ParseRulesDir(byte[]? value)
    {
        if (value is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(value, ControllerApiJsonContext.Default.RulesDirStatus);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<Dictionary<(string, string), ResourceStatusDto>> ReadResourceStatusesAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, string), ResourceStatusDto>();
        foreach (var entry in (await consul.Kv.ListAsync(KvKeys.ResourceStatusPrefix, null, cancellationToken).ConfigureAwait(false)).Value)
        {
            if (entry.Value is { Length: > 0 } bytes && JsonSerializer.Deserialize(bytes, StorageJsonContext.Default.ResourceStatusDto) is { } status)
            {
                result[(status.Kind, status.Name)] = status;
            }
        }

        return result;
    }

    /// <summary>Reads every resource status (for <c>GET /v1/resources</c>).</summary>
    public Task<Dictionary<(string, string), ResourceStatusDto>> ReadStatusesAsync(CancellationToken cancellationToken) =>
        ReadResourceStatusesAsync(cancellationToken);
}
