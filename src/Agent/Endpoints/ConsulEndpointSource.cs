using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Mesh.Agent.Hosting;
using Mesh.Agent.State;
using Mesh.Consul;
using Mesh.Consul.Health;
using Mesh.Consul.Watch;
using Mesh.Proxy.Endpoints;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// Live endpoints from Consul: a blocking <c>/v1/health/service/&lt;service&gt;?passing</c> query per tracked host.
/// A meshed instance is dialled on its mesh inbound port and carries its service meta and <c>key=value</c> tags as
/// labels. The last list of each host is kept on disk for restarts while Consul is down.
/// </summary>
internal sealed partial class ConsulEndpointSource : IEndpointSource, IAsyncDisposable
{
    internal const string Category = "endpoints";

    private readonly ConsulClient _consul;
    private readonly LastKnownGoodStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConsulWatchOptions _watchOptions;
    private readonly ConcurrentDictionary<string, UpstreamEndpoint[]> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string Namespace, string Service)> _peers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _watches = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();

    public ConsulEndpointSource(ConsulClient consul, LastKnownGoodStore store, TimeProvider time, ILogger logger, ConsulWatchOptions watchOptions)
    {
        _consul = consul;
        _store = store;
        _time = time;
        _logger = logger;
        _watchOptions = watchOptions;
    }

    /// <inheritdoc />
    public event Action<string>? EndpointsChanged;

    /// <inheritdoc />
    public IReadOnlyList<UpstreamEndpoint> GetEndpoints(string host) =>
        _endpoints.TryGetValue(host, out var endpoints) ? endpoints : [];

    /// <summary>The mesh identity behind an endpoint (null for a plain, non-mesh instance).</summary>
    public (string Namespace, string Service)? GetPeer(string address, int port) =>
        _peers.TryGetValue(address + ":" + port.ToString(CultureInfo.InvariantCulture), out var peer) ? peer : null;

    /// <summary>Starts watching <paramref name="service"/>'s instances as the endpoints of <paramref name="host"/> (idempotent).</summary>
    public void Track(string host, string? service = null)
    {
        // GetOrAdd may run its factory for several concurrent callers and keep one result: the watch starts only when
        // the kept Lazy is read, so a burst of requests naming a new host starts one blocking query, not one each.
        _ = _watches.GetOrAdd(host, h => new Lazy<Task>(() =>
        {
            LoadSaved(h);
            return Task.Run(() => WatchAsync(h, service ?? h, _stopping.Token));
        })).Value;
    }

    private async Task WatchAsync(string host, string service, CancellationToken cancellationToken)
    {
        var watch = new ConsulWatch<IReadOnlyList<ServiceEntry>>(
            (q, ct) => _consul.Health.ServiceAsync(service, passing: true, q, ct), _watchOptions, _time, _logger);
        try
        {
            await foreach (var result in watch.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                var saved = new List<SavedEndpoint>();
                foreach (var entry in result.Value)
                {
                    saved.Add(ToSaved(entry));
                }

                Apply(host, saved);
                _store.Save(Category, host, JsonSerializer.SerializeToUtf8Bytes(saved, AgentJsonContext.Default.ListSavedEndpoint));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static SavedEndpoint ToSaved(ServiceEntry entry)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in entry.Service.Tags ?? [])
        {
            var equals = tag.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                labels[tag[..equals]] = tag[(equals + 1)..];
            }
        }

        foreach (var (key, value) in entry.Service.Meta ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        var meshed = labels.TryGetValue(MeshMeta.InboundPort, out var inbound) && int.TryParse(inbound, NumberStyles.None, CultureInfo.InvariantCulture, out var inboundPort);
        var port = meshed ? int.Parse(inbound!, CultureInfo.InvariantCulture) : entry.Service.Port;
        return new SavedEndpoint(
            entry.EffectiveAddress,
            port,
            labels,
            meshed ? labels.GetValueOrDefault(MeshMeta.Namespace, "default") : null,
            meshed ? entry.Service.Service : null,
            LocalityOf(entry.Node),
            WeightOf(entry));
    }

    /// <summary>
    /// The instance's load-balancing weight: Consul's <c>Weights.Warning</c> while one of its checks is in warning,
    /// else <c>Weights.Passing</c>; 1 when Consul sent no weights.
    /// </summary>
    internal static int WeightOf(ServiceEntry entry)
    {
        if (entry.Service.Weights is not { } weights)
        {
            return 1;
        }

        foreach (var check in entry.Checks)
        {
            if (string.Equals(check.Status, "warning", StringComparison.OrdinalIgnoreCase))
            {
                return weights.Warning;
            }
        }

        return weights.Passing;
    }

    /// <summary>
    /// The node's locality from its meta (<c>mesh-region</c>, <c>mesh-zone</c>, <c>mesh-subzone</c>); the datacenter is
    /// the default region. Empty when the node carries none of them.
    /// </summary>
    internal static string LocalityOf(ConsulNode node)
    {
        var meta = node.Meta;
        if (meta is null || !(meta.ContainsKey(MeshMeta.Region) || meta.ContainsKey(MeshMeta.Zone) || meta.ContainsKey(MeshMeta.Subzone)))
        {
            return "";
        }

        var region = meta.GetValueOrDefault(MeshMeta.Region) is { Length: > 0 } r ? r : node.Datacenter;
        var zone = meta.GetValueOrDefault(MeshMeta.Zone) ?? "";
        var subzone = meta.GetValueOrDefault(MeshMeta.Subzone) ?? "";
        return subzone.Length > 0 ? $"{region}/{zone}/{subzone}" : zone.Length > 0 ? $"{region}/{zone}" : region;
    }

    private void Apply(string host, List<SavedEndpoint> saved)
    {
        var endpoints = new UpstreamEndpoint[saved.Count];
        for (var i = 0; i < saved.Count; i++)
        {
            var s = saved[i];
            endpoints[i] = new UpstreamEndpoint { Address = s.Address, Port = s.Port, Labels = s.Labels, Locality = s.Locality ?? "", Weight = s.Weight };
            if (s.PeerService is { } peerService)
            {
                _peers[endpoints[i].Key] = (s.PeerNamespace ?? "default", peerService);
            }
        }

        _endpoints[host] = endpoints;
        LogEndpoints(_logger, host, endpoints.Length);
        EndpointsChanged?.Invoke(host);
    }

    private void LoadSaved(string host)
    {
        if (_store.Load(Category, host) is not { } bytes)
        {
            return;
        }

        try
        {
            if (JsonSerializer.Deserialize(bytes, AgentJsonContext.Default.ListSavedEndpoint) is { } saved)
            {
                Apply(host, saved);
            }
        }
        catch (JsonException e)
        {
            LogSavedUnreadable(_logger, host, e.Message);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_watches.Values.Select(w => w.Value)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Endpoints of {Host}: {Count}")]
    private static partial void LogEndpoints(ILogger logger, string host, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved endpoints of {Host} are unreadable: {Error}")]
    private static partial void LogSavedUnreadable(ILogger logger, string host, string error);
}
