using System.Net;
using Mesh.Agent.Certificates;
using Mesh.Agent.Configuration;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Listeners;
using Mesh.Agent.Registration;
using Mesh.Agent.Reporting;
using Mesh.Agent.Snapshots;
using Mesh.Identity;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Security;

namespace Mesh.Agent.Hosting;

/// <summary>
/// Everything the agent runs for one local service: its certificate, its outbound listeners (one per upstream: HTTP,
/// or TCP for <c>protocol = "tcp"</c> upstreams and hosts whose snapshot declares only <c>tcp</c>/<c>tls</c> ports),
/// its inbound mTLS listener (HTTP, or TCP for a <c>protocol = "tcp"</c> service), its Consul registration and its
/// proxy-status report.
/// </summary>
internal sealed partial class WorkloadRuntime : IAsyncDisposable
{
    private readonly AgentContext _context;
    private readonly ILogger _logger;
    private readonly string[] _hosts;
    private readonly CancellationTokenSource _stopping = new();
    private WorkloadIdentity? _identity;
    private readonly SemaphoreSlim _outboundGate = new(1, 1);
    private OutboundListener? _outbound;
    private FollowedSnapshots? _egressSnapshots;
    private TcpOutboundListeners? _tcpOutbound;
    private HashSet<string> _tcpHosts = new(StringComparer.OrdinalIgnoreCase);
    private OutboundTlsProvider? _outboundTls;
    private ProxyIdentity? _proxyIdentity;
    private TrafficRecorder? _traffic;
    private InboundListener? _inbound;
    private TcpInboundListener? _tcpInbound;
    private RegisteredService? _registration;
    private VaultConnection? _vault;
    private VaultCertificateIssuer? _issuer;
    private VaultClientCertificates? _clientCertificates;

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

    /// <summary>
    /// The hosts whose snapshots this service uses: itself (inbound policy), its upstreams, and the meshed hosts its
    /// sidecar reached by <c>Host</c> outside them.
    /// </summary>
    public IReadOnlyList<string> Hosts =>
        _egressSnapshots is { Hosts.Count: > 0 } followed
            ? [.. _hosts, .. followed.Hosts.Where(h => !_hosts.Contains(h, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)]
            : _hosts;

    /// <summary>The bound inbound (mTLS) endpoint.</summary>
    public IPEndPoint? InboundEndPoint => _inbound?.LocalEndPoint ?? _tcpInbound?.LocalEndPoint;

    /// <summary>The bound loopback endpoint of each upstream (HTTP and TCP).</summary>
    public IReadOnlyDictionary<string, IPEndPoint> OutboundEndPoints { get; private set; } = new Dictionary<string, IPEndPoint>();

    /// <summary>The routes the outbound side serves now.</summary>
    public RouteTable Routes => _outbound?.Routes.Current ?? _tcpOutbound?.Routes.Current ?? RouteTable.Empty;

    /// <summary>The upstream hosts served as TCP now.</summary>
    public IReadOnlyCollection<string> TcpUpstreams => _tcpHosts;

    /// <summary>The current certificate, when one is in place.</summary>
    public WorkloadCertificate? Certificate => _identity?.Current;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _context.Options;
        var id = new SpiffeId(options.Certificates.TrustDomain, Service.Namespace, Service.Name);
        _identity = new WorkloadIdentity(id, _context.CertificateProvider, _context.TrustBundle, options.Certificates.Ttl, _context.Store, _context.Time, _logger)
        {
            TlsOptions = new MeshTlsOptions { MinimumVersion = options.Tls.MinVersion },
        };
        await _identity.StartAsync(cancellationToken).ConfigureAwait(false);
        _identity.Rotated += OnCertificateRotated;

        // Destination rules naming a client certificate by credential_name get it from Vault for this service's identity;
        // the check runs before the hosts are tracked, so their first snapshots from Consul pass through it.
        _vault = new VaultConnection(options.Vault);
        _issuer = _vault.IsConfigured ? new VaultCertificateIssuer(_vault.GetAsync, _context.Time, _logger) : null;
        _clientCertificates = new VaultClientCertificates(_issuer, id, _context.Time, _logger);
        _context.Snapshots.AddCheck(AdmitAsync);
        foreach (var host in _hosts)
        {
            _context.Snapshots.Track(host);
            if (_context.Snapshots.Get(host)?.Current is { } serving)
            {
                _clientCertificates.Request(serving);
            }
        }

        var identity = _identity;
        _outboundTls = new OutboundTlsProvider(_context.Endpoints, () => identity.Tls, options.Certificates.TrustDomain)
        {
            Destinations = new DestinationTls(
                () => _context.Snapshots.All.Select(s => s.Current).OfType<ProxySnapshot>(), new ClientTlsOptionsFactory(new ClientTlsFiles(), null, _logger, _clientCertificates)),
        };
        _proxyIdentity = new ProxyIdentity { ServiceName = Service.Name, Namespace = Service.Namespace, Principal = id.ToString() };
        await StartOutboundAsync(new Dictionary<string, IPEndPoint>(), cancellationToken).ConfigureAwait(false);

        _context.Snapshots.Changed += OnSnapshotChanged;
        Rebuild();

        var bind = new IPEndPoint(Service.InboundAddress.Length > 0 ? IPAddress.Parse(Service.InboundAddress) : IPAddress.Any, Service.InboundPort);
        int inboundPort;
        if (Service.Protocol == ListenerProtocol.Tcp)
        {
            _tcpInbound = TcpInboundListener.Start(Service.Name, bind, new IPEndPoint(IPAddress.Parse(Service.Address), Service.Port), () => identity.Tls, CurrentInboundPolicy, _context.LoggerFactory);
            inboundPort = _tcpInbound.LocalEndPoint.Port;
        }
        else
        {
            var application = new Uri("http://" + (Service.Address.Contains(':', StringComparison.Ordinal) ? "[" + Service.Address + "]" : Service.Address) + ":" + Service.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/");
            var inboundTelemetry = new InboundTelemetry(_proxyIdentity with { Role = ProxyRole.Inbound }, _context.Telemetry.For(_proxyIdentity), application, _context.Time);
            _inbound = await InboundListener.StartAsync(Service.Name, bind, application, () => identity.Tls, CurrentInboundPolicy, _context.LoggerFactory, inboundTelemetry, cancellationToken).ConfigureAwait(false);
            inboundPort = _inbound.LocalEndPoint.Port;
        }

        _registration = new RegisteredService(_context.Consul, ServiceId, Service, inboundPort, _context.Version, _context.Time, _logger);
        await _registration.StartAsync(cancellationToken).ConfigureAwait(false);
        _ = ReportAsync();
        LogStarted(_logger, Service.Name, InboundEndPoint!);
    }

    /// <summary>Starts the HTTP listener (for HTTP upstreams) and the TCP listeners (for TCP ones).</summary>
    private async Task StartOutboundAsync(IReadOnlyDictionary<string, IPEndPoint> previous, CancellationToken cancellationToken)
    {
        var tcpHosts = new HashSet<string>(Service.Upstreams.Where(IsTcp).Select(u => u.Host), StringComparer.OrdinalIgnoreCase);
        var upstreams = Service.Upstreams
            .Select(u => u.LocalPort == 0 && previous.TryGetValue(u.Host, out var was)
                ? new UpstreamOptions { Host = u.Host, LocalAddress = u.LocalAddress, LocalPort = was.Port, Protocol = u.Protocol }
                : u)
            .ToList();
        var http = upstreams.Where(u => !tcpHosts.Contains(u.Host)).ToList();
        var tcp = upstreams.Where(u => tcpHosts.Contains(u.Host)).ToList();
        var locality = _context.Options.Locality.Length > 0 ? new ProxyLocality(_context.Options.Locality) : null;

        // No HTTP upstreams, no HTTP listener (Kestrel would otherwise fall back to its default port).
        _egressSnapshots = http.Count == 0 ? null : new FollowedSnapshots(_context.Snapshots);
        var egress = new EgressSettings(new HostRegistry(_context.Consul), _context.Options.OutboundTrafficPolicy) { Consul = _context.Endpoints, Snapshots = _egressSnapshots };
        _outbound = http.Count == 0 ? null : await OutboundListener.StartAsync(http, _context.Telemetry.For(_proxyIdentity!), _context.Endpoints, _outboundTls!, locality, egress, _context.LoggerFactory, _context.Time, cancellationToken).ConfigureAwait(false);
        if (_outbound is not null)
        {
            _traffic = _context.Traffic.Add(Service.Name, _outbound.MeterScope);
        }

        _tcpOutbound = tcp.Count == 0 ? null : await TcpOutboundListeners.StartAsync(tcp, TcpServicePort, _proxyIdentity!, _context.Endpoints, _outboundTls!, locality, _context.LoggerFactory, _context.Time, _context.Telemetry.ForTcp(_proxyIdentity!)).ConfigureAwait(false);
        _tcpHosts = tcpHosts;

        // Kept while a protocol change rebinds the listeners, which reuse these ports: the application keeps using them.
        var bound = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, endPoint) in (_outbound?.EndPoints ?? new Dictionary<string, IPEndPoint>()).Concat(_tcpOutbound?.EndPoints ?? new Dictionary<string, IPEndPoint>()))
        {
            bound[host] = endPoint;
        }

        OutboundEndPoints = bound;
    }

    private async Task StopOutboundAsync()
    {
        if (_outbound is not null)
        {
            await _outbound.DisposeAsync().ConfigureAwait(false);
            _outbound = null;
        }

        if (_tcpOutbound is not null)
        {
            await _tcpOutbound.DisposeAsync().ConfigureAwait(false);
            _tcpOutbound = null;
        }

        _egressSnapshots?.Dispose();
        _egressSnapshots = null;

        if (_traffic is not null)
        {
            await _context.Traffic.RemoveAsync(_traffic).ConfigureAwait(false);
            _traffic = null;
        }
    }

    /// <summary>A snapshot changed an upstream between HTTP and TCP: rebinds the outbound listeners on the same local ports.</summary>
    private async Task RestartOutboundAsync()
    {
        try
        {
            await _outboundGate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (_stopping.IsCancellationRequested || SameTcpHosts())
            {
                return;
            }

            var tcpNow = string.Join(',', Service.Upstreams.Where(IsTcp).Select(u => u.Host));
            LogProtocolChanged(_logger, Service.Name, tcpNow);

            // Upstreams with local_port = 0 keep the port they were given: the application already uses it.
            var bound = OutboundEndPoints;
            await StopOutboundAsync().ConfigureAwait(false);
            await StartOutboundAsync(bound, _stopping.Token).ConfigureAwait(false);
            Rebuild();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException)
        {
            LogRebuildFailed(_logger, Service.Name, e.Message);
        }
        finally
        {
            _outboundGate.Release();
        }
    }

    private bool SameTcpHosts() => Service.Upstreams.All(u => IsTcp(u) == _tcpHosts.Contains(u.Host));

    /// <summary>An upstream is TCP when configured so, or when its host's snapshot declares ports and all are <c>tcp</c>/<c>tls</c>.</summary>
    private bool IsTcp(UpstreamOptions upstream) =>
        upstream.Protocol == ListenerProtocol.Tcp
        || (_context.Snapshots.Get(upstream.Host)?.Current is { Ports.Count: > 0 } snapshot && snapshot.Ports.All(p => p.Protocol is PortProtocol.Tcp or PortProtocol.Tls));

    /// <summary>The port a TCP upstream's connections are addressed to: the first <c>tcp</c>/<c>tls</c> port of its snapshot.</summary>
    private int? TcpServicePort(string host) =>
        _context.Snapshots.Get(host)?.Current?.Ports.FirstOrDefault(p => p.Protocol is PortProtocol.Tcp or PortProtocol.Tls)?.Number;

    /// <summary>Issues the client certificates a snapshot of one of this service's hosts names (a refusal rejects the snapshot).</summary>
    private Task AdmitAsync(ProxySnapshot snapshot, CancellationToken cancellationToken) =>
        _clientCertificates is { } certificates && (_hosts.Contains(snapshot.Host, StringComparer.OrdinalIgnoreCase) || _egressSnapshots?.Follows(snapshot.Host) == true)
            ? certificates.AdmitAsync(snapshot, cancellationToken)
            : Task.CompletedTask;

    private InboundPolicy CurrentInboundPolicy() => _context.Snapshots.Get(Service.Name)?.Current?.Inbound ?? new InboundPolicy();

    private void OnSnapshotChanged(string host)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (_hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            Rebuild();
            _ = ReportAsync();
        }
        else if (_egressSnapshots?.Follows(host) == true)
        {
            // Served by the egress pipeline, which rebuilds its own routes; only the proxy status changes here.
            _ = ReportAsync();
        }
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
            var table = RouteTable.Build(snapshots);
            _outbound?.Routes.Swap(table);
            _tcpOutbound?.Routes.Swap(table);
        }
        catch (ArgumentException e)
        {
            // Each snapshot was validated alone; a conflict between hosts keeps the previous table.
            LogRebuildFailed(_logger, Service.Name, e.Message);
        }

        if (_proxyIdentity is not null && !SameTcpHosts())
        {
            _ = RestartOutboundAsync();
        }
    }

    private Task ReportAsync()
    {
        // A snapshot or certificate event can still arrive while the runtime is being disposed.
        if (_stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        try
        {
            return _context.Reporter.WriteAsync(_context.NodeName, Service.Name, Hosts, _identity?.EarliestNotAfter, _stopping.Token);
        }
        catch (ObjectDisposedException)
        {
            return Task.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _context.Snapshots.Changed -= OnSnapshotChanged;
        _context.Snapshots.RemoveCheck(AdmitAsync);
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

        if (_tcpInbound is not null)
        {
            await _tcpInbound.DisposeAsync().ConfigureAwait(false);
        }

        await _outboundGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopOutboundAsync().ConfigureAwait(false);
        }
        finally
        {
            _outboundGate.Release();
        }

        if (_identity is not null)
        {
            await _identity.DisposeAsync().ConfigureAwait(false);
        }

        _clientCertificates?.Dispose();
        _issuer?.Dispose();
        _vault?.Dispose();
        _stopping.Dispose();
        _outboundGate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service} meshed: inbound on {Inbound}")]
    private static partial void LogStarted(ILogger logger, string service, IPEndPoint inbound);

    [LoggerMessage(Level = LogLevel.Information, Message = "The upstreams of {Service} changed protocol; outbound listeners rebound (TCP now: {TcpHosts})")]
    private static partial void LogProtocolChanged(ILogger logger, string service, string tcpHosts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the routes of {Service} failed, the previous table keeps serving: {Error}")]
    private static partial void LogRebuildFailed(ILogger logger, string service, string error);
}
