using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using Mesh.Agent.Certificates;
using Mesh.Agent.Configuration;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Reporting;
using Mesh.Agent.Snapshots;
using Mesh.Agent.State;
using Mesh.Consul;
using Mesh.Consul.Watch;
using Mesh.Identity;
using Mesh.Nomad.Client;
using Mesh.Nomad.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Agent.Hosting;

/// <summary>
/// A running agent: the services of <see cref="AgentOptions.Services"/> (and, when enabled, this node's meshed
/// Nomad tasks) registered, proxied and secured. <c>mesh-agent run</c> hosts one; <c>meshctl dev</c> may run one
/// in-process. Dispose to stop: services are deregistered and listeners drained.
/// </summary>
public sealed partial class AgentHost : IAsyncDisposable
{
    private readonly AgentContext _context;
    private readonly ConcurrentDictionary<string, WorkloadRuntime> _workloads = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _owned = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _changing = new(1, 1);
    private readonly Dictionary<string, LocalServiceOptions> _configured = new(StringComparer.Ordinal);
    private TrustBundleRefresher? _trustRefresher;
    private readonly ILogger _logger;
    private AdminServer? _admin;
    private Task _nomad = Task.CompletedTask;
    private int _disposed;

    private AgentHost(AgentContext context)
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger("Mesh.Agent");
    }

    /// <summary>The agent's version, as registered in <c>mesh-version</c>.</summary>
    public static string Version { get; } =
        typeof(AgentHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The bound admin endpoint, when the admin API is enabled.</summary>
    public IPEndPoint? AdminEndPoint => _admin?.EndPoint;

    /// <summary>The bound inbound (mTLS) endpoint of a local service.</summary>
    public IPEndPoint? GetInboundEndPoint(string service) => Find(service)?.InboundEndPoint;

    /// <summary>The bound loopback endpoint a local service uses to reach an upstream host.</summary>
    public IPEndPoint? GetOutboundEndPoint(string service, string upstream) =>
        Find(service)?.OutboundEndPoints.TryGetValue(upstream, out var endPoint) == true ? endPoint : null;

    /// <summary>The proxy configuration as JSON (the body of <c>GET /v1/proxy-config</c>).</summary>
    public byte[] GetProxyConfigJson() => ProxyConfigWriter.Write(_context.NodeName, _workloads.Values, _context.Snapshots);

    internal IReadOnlyCollection<WorkloadRuntime> Workloads => [.. _workloads.Values];

    internal SnapshotManager Snapshots => _context.Snapshots;

    /// <summary>Starts an agent with the configured certificate provider.</summary>
    public static Task<AgentHost> StartAsync(AgentOptions options, CancellationToken cancellationToken) =>
        StartAsync(options, null, null, cancellationToken);

    /// <summary>Starts an agent; <paramref name="certificateProvider"/> replaces the configured one (an in-process CA in <c>meshctl dev</c>).</summary>
    public static async Task<AgentHost> StartAsync(AgentOptions options, ICertificateProvider? certificateProvider, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var time = TimeProvider.System;
        var store = new LastKnownGoodStore(options.DataDir);
        var owned = new List<IDisposable>();
        if (options.AuditLog.Path.Length > 0)
        {
            // Audit events also go to their own file, as JSON lines (docs/security.md).
            var auditFile = new Mesh.Agent.Listeners.AuditFileLoggerProvider(options.AuditLog.Path, time);
            owned.Add(auditFile);
            loggerFactory = new AuditTeeLoggerFactory(loggerFactory, auditFile);
        }

        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(6) };
        owned.Add(http);
        var consul = new ConsulClient(http, new ConsulClientOptions
        {
            Address = options.Consul.Address,
            Token = options.Consul.Token ?? Environment.GetEnvironmentVariable("CONSUL_HTTP_TOKEN"),
            Datacenter = options.Consul.Datacenter.Length > 0 ? options.Consul.Datacenter : null,
        });
        if (certificateProvider is null)
        {
            var (provider, providerOwned) = await CertificateProviderFactory.CreateAsync(options, cancellationToken).ConfigureAwait(false);
            certificateProvider = provider;
            if (providerOwned is not null)
            {
                owned.Add(providerOwned);
            }
        }

        var watchOptions = new ConsulWatchOptions { MinBackoff = TimeSpan.FromMilliseconds(500), MaxBackoff = TimeSpan.FromSeconds(30) };
        var watchLogger = loggerFactory.CreateLogger("Mesh.Agent.Watch");
        var snapshots = new SnapshotManager(consul, store, time, watchLogger, watchOptions);
        var endpoints = new ConsulEndpointSource(consul, store, time, watchLogger, watchOptions);
        var reporter = new ProxyStatusReporter(consul, snapshots, time, loggerFactory.CreateLogger("Mesh.Agent.Reporting"));
        owned.Add(reporter);
        var traffic = new TrafficReporter(consul, options.EffectiveNodeName, time, loggerFactory.CreateLogger("Mesh.Agent.Reporting"));
        var trust = new TrustBundle(certificateProvider, store, loggerFactory.CreateLogger("Mesh.Agent.Trust"));
        var telemetry = new AgentTelemetry(options.Telemetry, options.EffectiveNodeName);
        var context = new AgentContext(options, options.EffectiveNodeName, Version, consul, store, snapshots, endpoints, reporter, traffic, certificateProvider, trust, loggerFactory, time)
        {
            Telemetry = telemetry,
        };
        var host = new AgentHost(context);
        host._owned.AddRange(owned);
        try
        {
            foreach (var service in options.Services)
            {
                await host.AddWorkloadAsync(host.ConfiguredServiceId(service), service, cancellationToken).ConfigureAwait(false);
                host._configured[service.Name] = service;
            }

            host._trustRefresher = new TrustBundleRefresher(trust, options.Certificates.TrustBundleRefresh, time);
            host._trustRefresher.Start();

            if (options.AdminAddress.Length > 0)
            {
                host._admin = await AdminServer.StartAsync(options.AdminAddress, host.GetProxyConfigJson, loggerFactory, cancellationToken).ConfigureAwait(false);
            }

            if (options.Nomad.Enabled)
            {
                host._nomad = Task.Run(() => host.WatchNomadAsync(host._stopping.Token), CancellationToken.None);
            }
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        LogStarted(host._logger, context.NodeName, options.Services.Count);
        return host;
    }

    /// <summary>The trust bundle (CA roots) inbound and outbound verification use now.</summary>
    internal TrustBundle TrustBundle => _context.TrustBundle;

    /// <summary>Re-reads the trust bundle now (as the schedule and each renewal do); true when it changed.</summary>
    internal Task<bool> RefreshTrustBundleAsync(CancellationToken cancellationToken) => _context.TrustBundle.RefreshAsync(cancellationToken);

    /// <summary>
    /// Applies a re-read configuration's <c>service</c> blocks: added ones start, removed ones stop, changed ones
    /// restart (re-registered). Other settings only apply on restart; the result lists the ones that changed.
    /// </summary>
    public async Task<ConfigurationReloadResult> ApplyConfigurationAsync(AgentOptions next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var restart = ServiceOptionsComparer.RestartRequired(_context.Options, next);
        List<string> added = [], removed = [], changed = [], failed = [];
        await _changing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wanted = next.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
            foreach (var (name, running) in _configured.ToList())
            {
                if (!wanted.TryGetValue(name, out var service))
                {
                    await RemoveWorkloadCoreAsync(ConfiguredServiceId(running)).ConfigureAwait(false);
                    _configured.Remove(name);
                    removed.Add(name);
                }
                else if (!ServiceOptionsComparer.Same(running, service))
                {
                    await RemoveWorkloadCoreAsync(ConfiguredServiceId(running)).ConfigureAwait(false);
                    _configured.Remove(name);
                    (await TryStartConfiguredAsync(service, cancellationToken).ConfigureAwait(false) ? changed : failed).Add(name);
                }
            }

            foreach (var service in next.Services.Where(s => !_configured.ContainsKey(s.Name) && !changed.Contains(s.Name) && !failed.Contains(s.Name)))
            {
                (await TryStartConfiguredAsync(service, cancellationToken).ConfigureAwait(false) ? added : failed).Add(service.Name);
            }

            _context.Options.Services.Clear();
            foreach (var service in _configured.Values)
            {
                _context.Options.Services.Add(service);
            }
        }
        finally
        {
            _changing.Release();
        }

        return new ConfigurationReloadResult(null, added, removed, changed, failed, restart);
    }

    private string ConfiguredServiceId(LocalServiceOptions service) => service.Name + "-" + _context.NodeName;

    private async Task<bool> TryStartConfiguredAsync(LocalServiceOptions service, CancellationToken cancellationToken)
    {
        try
        {
            await AddWorkloadCoreAsync(ConfiguredServiceId(service), service, cancellationToken).ConfigureAwait(false);
            _configured[service.Name] = service;
            return true;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            LogServiceStartFailed(_logger, service.Name, e.Message);
            return false;
        }
    }

    private WorkloadRuntime? Find(string service) =>
        _workloads.Values.FirstOrDefault(w => string.Equals(w.Service.Name, service, StringComparison.Ordinal));

    private async Task AddWorkloadAsync(string serviceId, LocalServiceOptions service, CancellationToken cancellationToken)
    {
        await _changing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AddWorkloadCoreAsync(serviceId, service, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _changing.Release();
        }
    }

    private async Task RemoveWorkloadAsync(string serviceId)
    {
        await _changing.WaitAsync().ConfigureAwait(false);
        try
        {
            await RemoveWorkloadCoreAsync(serviceId).ConfigureAwait(false);
        }
        finally
        {
            _changing.Release();
        }
    }

    private async Task AddWorkloadCoreAsync(string serviceId, LocalServiceOptions service, CancellationToken cancellationToken)
    {
        var runtime = new WorkloadRuntime(_context, serviceId, service);
        try
        {
            await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _workloads[serviceId] = runtime;
    }

    private async Task RemoveWorkloadCoreAsync(string serviceId)
    {
        if (_workloads.TryRemove(serviceId, out var runtime))
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            if (!_workloads.Values.Any(w => w.Service.Name == runtime.Service.Name))
            {
                await _context.Reporter.DeleteAsync(_context.NodeName, runtime.Service.Name, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task WatchNomadAsync(CancellationToken cancellationToken)
    {
        var clientOptions = new NomadClientOptions { Address = _context.Options.Nomad.Address, Token = _context.Options.Nomad.Token ?? Environment.GetEnvironmentVariable("NOMAD_TOKEN") };
        using var http = NomadClient.CreateHttpClient(clientOptions);
        var watcher = new AllocationWatcher(new NomadClient(http, clientOptions), new AllocationWatcherOptions { NodeId = _context.Options.Nomad.NodeId }, _context.Time, _context.LoggerFactory.CreateLogger<AllocationWatcher>());
        try
        {
            await foreach (var change in watcher.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                var serviceId = "nomad-" + change.Task.Key.Replace('/', '-');
                await RemoveWorkloadAsync(serviceId).ConfigureAwait(false);
                if (change.Kind == MeshedTaskChangeKind.Upserted)
                {
                    try
                    {
                        await AddWorkloadAsync(serviceId, NomadTaskMapper.ToService(change.Task), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException)
                    {
                        LogNomadTaskFailed(_logger, change.Task.ToString(), e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _nomad.ConfigureAwait(false);
        foreach (var serviceId in _workloads.Keys.ToList())
        {
            await RemoveWorkloadAsync(serviceId).ConfigureAwait(false);
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync().ConfigureAwait(false);
        }

        if (_trustRefresher is not null)
        {
            await _trustRefresher.DisposeAsync().ConfigureAwait(false);
        }

        await _context.Traffic.DisposeAsync().ConfigureAwait(false);
        await _context.Snapshots.DisposeAsync().ConfigureAwait(false);
        await _context.Endpoints.DisposeAsync().ConfigureAwait(false);

        // After the proxies: their last spans are exported and their last access log lines written.
        await _context.Telemetry.DisposeAsync().ConfigureAwait(false);
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _stopping.Dispose();
        _changing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "mesh-agent started on node {Node} with {Count} configured services")]
    private static partial void LogStarted(ILogger logger, string node, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Starting the service {Service} failed: {Error}")]
    private static partial void LogServiceStartFailed(ILogger logger, string service, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meshing the Nomad task {Task} failed: {Error}")]
    private static partial void LogNomadTaskFailed(ILogger logger, string task, string error);
}
