using System.Net;
using Mesh.Agent.Certificates;
using Mesh.Agent.Configuration;
using Mesh.Agent.Listeners;
using Mesh.Agent.Registration;
using Mesh.Agent.Reporting;
using Mesh.Identity;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Security;

namespace Mesh.Agent.Hosting;

/// <summary>
/// Everything the agent runs for one local service: its certificate, its outbound listeners (one per upstream),
/// its inbound mTLS listener, its Consul registration and its proxy-status report.
/// </summary>
internal sealed partial class WorkloadRuntime : IAsyncDisposable
{
    private readonly AgentContext _context;
    private readonly ILogger _logger;
    private readonly string[] _hosts;
    private readonly CancellationTokenSource _stopping = new();
    private WorkloadIdentity? _identity;
    private OutboundListener? _outbound;
    private TrafficRecorder? _traffic;
    private InboundListener? _inbound;
    private RegisteredService? _registration;

    public WorkloadRuntime(AgentContext context, string serviceId, LocalServiceOptions service)
    {
        _context = context;
        ServiceId = serviceId;
        Service = service;
        _logger = context.LoggerFactory.CreateLogger("Mesh.Agent.Workload");
        _hosts = [service.Name, .. service.Upstreams.Select(u => u.Host).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public string ServiceId { get; }

    public LocalServiceOptions Service { get; }

    /// <summary>The hosts whose snapshots this service uses: itself (inbound policy) and its upstreams.</summary>
    public IReadOnlyList<string> Hosts => _hosts;

    /// <summary>The bound inbound (mTLS) endpoint.</summary>
    public IPEndPoint? InboundEndPoint => _inbound?.LocalEndPoint;

    /// <summary>The bound loopback endpoint of each upstream.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> OutboundEndPoints => _outbound?.EndPoints ?? new Dictionary<string, IPEndPoint>();

    /// <summary>The routes the outbound side serves now.</summary>
    public RouteTable Routes => _outbound?.Routes.Current ?? RouteTable.Empty;

    /// <summary>The current certificate, when one is in place.</summary>
    public WorkloadCertificate? Certificate => _identity?.Current;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _context.Options;
        var id = new SpiffeId(options.Certificates.TrustDomain, Service.Namespace, Service.Name);
        _identity = new WorkloadIdentity(id, _context.CertificateProvider, options.Certificates.Ttl, _context.Store, _context.Time, _logger);
        await _identity.StartAsync(cancellationToken).ConfigureAwait(false);
        _identity.Rotated += OnCertificateRotated;

        foreach (var host in _hosts)
        {
            _context.Snapshots.Track(host);
        }

        var identity = _identity;
        var tls = new OutboundTlsProvider(_context.Endpoints, () => identity.Tls, options.Certificates.TrustDomain);
        // No upstreams, no outbound listener (Kestrel would otherwise fall back to its default port).
        _outbound = Service.Upstreams.Count == 0 ? null : await OutboundListener.StartAsync([.. Service.Upstreams], new ProxyIdentity { ServiceName = Service.Name, Namespace = Service.Namespace, Principal = id.ToString() }, _context.Endpoints, tls, _context.LoggerFactory, _context.Time, cancellationToken).ConfigureAwait(false);
        if (_outbound is not null)
        {
            _traffic = _context.Traffic.Add(Service.Name, _outbound.MeterScope);
        }

        _context.Snapshots.Changed += OnSnapshotChanged;
        Rebuild();

        var bind = new IPEndPoint(Service.InboundAddress.Length > 0 ? IPAddress.Parse(Service.InboundAddress) : IPAddress.Any, Service.InboundPort);
        var application = new Uri("http://" + (Service.Address.Contains(':', StringComparison.Ordinal) ? "[" + Service.Address + "]" : Service.Address) + ":" + Service.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/");
        _inbound = await InboundListener.StartAsync(bind, application, () => identity.Tls, CurrentInboundPolicy, _context.LoggerFactory, cancellationToken).ConfigureAwait(false);

        _registration = new RegisteredService(_context.Consul, ServiceId, Service, _inbound.LocalEndPoint.Port, _context.Version, _context.Time, _logger);
        await _registration.StartAsync(cancellationToken).ConfigureAwait(false);
        _ = ReportAsync();
        LogStarted(_logger, Service.Name, _inbound.LocalEndPoint);
    }

    private InboundPolicy CurrentInboundPolicy() => _context.Snapshots.Get(Service.Name)?.Current?.Inbound ?? new InboundPolicy();

    private void OnSnapshotChanged(string host)
    {
        if (!_hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        Rebuild();
        _ = ReportAsync();
    }

    private void OnCertificateRotated() => _ = ReportAsync();

    private void Rebuild()
    {
        var snapshots = new List<ProxySnapshot>();
        foreach (var upstream in Service.Upstreams)
        {
            if (_context.Snapshots.Get(upstream.Host)?.Current is not { } snapshot)
            {
                continue;
            }

            snapshots.Add(snapshot);
            foreach (var cluster in snapshot.Clusters)
            {
                _context.Endpoints.Track(cluster.Host, cluster.Service);
            }

            foreach (var destination in snapshot.Http.SelectMany(r => r.Route))
            {
                _context.Endpoints.Track(destination.Host);
            }
        }

        try
        {
            _outbound?.Routes.Swap(RouteTable.Build(snapshots));
        }
        catch (ArgumentException e)
        {
            // Each snapshot was validated alone; a conflict between hosts keeps the previous table.
            LogRebuildFailed(_logger, Service.Name, e.Message);
        }
    }

    private Task ReportAsync() => _context.Reporter.WriteAsync(_context.NodeName, Service.Name, _hosts, _identity?.EarliestNotAfter, _stopping.Token);

    public async ValueTask DisposeAsync()
    {
        _context.Snapshots.Changed -= OnSnapshotChanged;
        if (_identity is not null)
        {
            _identity.Rotated -= OnCertificateRotated;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_registration is not null)
        {
            await _registration.DisposeAsync().ConfigureAwait(false);
        }

        if (_inbound is not null)
        {
            await _inbound.DisposeAsync().ConfigureAwait(false);
        }

        if (_outbound is not null)
        {
            await _outbound.DisposeAsync().ConfigureAwait(false);
        }

        if (_traffic is not null)
        {
            await _context.Traffic.RemoveAsync(_traffic).ConfigureAwait(false);
        }

        if (_identity is not null)
        {
            await _identity.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service} meshed: inbound on {Inbound}")]
    private static partial void LogStarted(ILogger logger, string service, IPEndPoint inbound);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the routes of {Service} failed, the previous table keeps serving: {Error}")]
    private static partial void LogRebuildFailed(ILogger logger, string service, string error);
}
