using System.Text.Json;
using Mesh.Agent.Snapshots;
using Mesh.Consul;
using Mesh.ControllerApi;

namespace Mesh.Agent.Reporting;

/// <summary>Writes <c>mesh/proxies/&lt;node&gt;/&lt;service&gt;</c>: the versions a service's proxy applied and the snapshots it rejected (Istio's proxy-status).</summary>
internal sealed partial class ProxyStatusReporter(ConsulClient consul, SnapshotManager snapshots, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static string Key(string node, string service) => "mesh/proxies/" + node + "/" + service;

    /// <summary>The report for the given hosts as it stands now.</summary>
    public ProxyReport Build(IEnumerable<string> hosts, DateTimeOffset? certificateNotAfter)
    {
        var applied = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var rejected = new SortedDictionary<string, ProxyRejection>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            if (snapshots.Get(host) is not { } state)
            {
                continue;
            }

            if (state.Current is { } current)
            {
                applied[host] = current.Version;
            }

            if (state.RejectedError is { } error)
            {
                rejected[host] = new ProxyRejection { Version = state.RejectedVersion, Error = error };
            }
        }

        return new ProxyReport { Applied = applied, Rejected = rejected, UpdatedAt = time.GetUtcNow(), CertificateNotAfter = certificateNotAfter };
    }

    /// <summary>Writes the report; a failure (Consul down) is logged and the next change writes again.</summary>
    public async Task WriteAsync(string node, string service, IEnumerable<string> hosts, DateTimeOffset? certificateNotAfter, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var report = Build(hosts, certificateNotAfter);
            await consul.Kv.PutAsync(Key(node, service), JsonSerializer.SerializeToUtf8Bytes(report, ControllerApiJsonContext.Default.ProxyReport), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogReportFailed(logger, service, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the report of a service that left the host.</summary>
    public async Task DeleteAsync(string node, string service, CancellationToken cancellationToken)
    {
        try
        {
            await consul.Kv.DeleteAsync(Key(node, service), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException or OperationCanceledException)
        {
            LogReportFailed(logger, service, e.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting the proxy status of {Service} failed: {Error}")]
    private static partial void LogReportFailed(ILogger logger, string service, string error);
}
