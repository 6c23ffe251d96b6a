using System.Security.Cryptography.X509Certificates;
using Mesh.Agent.Certificates;
using Mesh.Agent.Configuration;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Hosting;
using Mesh.Agent.Snapshots;
using Mesh.Agent.State;
using Mesh.Consul;
using Mesh.Consul.Watch;
using Mesh.Identity;
using Mesh.Proxy.Observability;
using Mesh.Snapshots.Gateways;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Agent.Gateways;

/// <summary>
/// An agent in gateway mode (<c>mesh-agent gateway --name ingress</c>): serves the compiled snapshot
/// <c>mesh/compiled/gateway:&lt;name&gt;</c>, one listener per server (HTTP, TLS termination with SNI, mutual TLS,
/// HTTPS redirect, TLS passthrough by SNI), routing into the mesh over mTLS with its own identity
/// <c>ns/default/svc/&lt;name&gt;</c> and out to <c>service_entry</c> hosts (static endpoints or DNS). A server with
/// <c>tls { mode = "mesh_mutual" }</c> registers the gateway in Consul so sidecars can send egress through it;
/// <c>credential_name = "vault:&lt;mount&gt;/roles/&lt;role&gt;"</c> takes a server certificate from Vault PKI. Listeners are rebuilt when the servers
/// change; when that fails the previous listeners keep serving. Dispose to stop.
/// </summary>
public sealed partial class GatewayHost : IAsyncDisposable
{
    private readonly string _host;
    private readonly SnapshotManager _snapshots;
    private readonly MeshFirstEndpointSource<ConsulEndpointSource> _endpoints;
    private readonly GatewayTlsProvider _tls;
    private readonly GatewayRouter _router;
    private readonly WorkloadIdentity _identity;
    private readonly GatewayCredentials _credentials;
    private readonly GatewayRegistration _registration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _owned;
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private GatewayListeners? _listeners;
    private AgentTelemetry _telemetry = AgentTelemetry.Disabled;
    private ProxyObservabilityOptions _observability = new();
    private IReadOnlyList<GatewayServer>? _servers;
    private int _disposed;

    private GatewayHost(string name, SnapshotManager snapshots, MeshFirstEndpointSource<ConsulEndpointSource> endpoints, GatewayTlsProvider tls,
        GatewayRouter router, WorkloadIdentity identity, GatewayCredentials credentials, GatewayRegistration registration, ILoggerFactory loggerFactory, TimeProvider time,
        List<IDisposable> owned)
    {
        _credentials = credentials;
        _registration = registration;
        Name = name;
        _host = "gateway:" + name;
        _snapshots = snapshots;
        _endpoints = endpoints;
        _tls = tls;
        _router = router;
        _identity = identity;
        _loggerFactory = loggerFactory;
        _time = time;
        _owned = owned;
        _logger = loggerFactory.CreateLogger("Mesh.Agent.Gateway");
    }

    /// <summary>The gateway resource served.</summary>
    public string Name { get; }

    /// <summary>How many hosts outside Consul the gateway keeps endpoints for (bounded like the hosts it remembers).</summary>
    internal int HostsOutsideConsul => _endpoints.HostsOutsideMesh;

    /// <summary>The servers the listeners serve now (empty before a snapshot with servers arrived).</summary>
    public IReadOnlyList<GatewayServer> Servers => _servers ?? [];

    /// <summary>Raised after the listeners were (re)built for new servers.</summary>
    public event Action<IReadOnlyList<GatewayServer>>? ListenersChanged;

    /// <summary>Starts a gateway with the configured certificate provider.</summary>
    public static Task<GatewayHost> StartAsync(AgentOptions options, string gatewayName, CancellationToken cancellationToken) =>
        StartAsync(options, gatewayName, null, null, cancellationToken);

    /// <summary>Starts a gateway; <paramref name="certificateProvider"/> replaces the configured one (an in-process CA in <c>meshctl dev</c>).</summary>
    public static Task<GatewayHost> StartAsync(AgentOptions options, string gatewayName, ICertificateProvider? certificateProvider, ILoggerFactory? loggerFactory, CancellationToken cancellationToken) =>
        StartAsync(options, gatewayName, certificateProvider, loggerFactory, null, cancellationToken);

    /// <summary>As above; <paramref name="externalTrust"/> replaces the system roots when originating TLS to external hosts (tests).</summary>
    internal static async Task<GatewayHost> StartAsync(
        AgentOptions options, string gatewayName, ICertificateProvider? certificateProvider, ILoggerFactory? loggerFactory, X509Certificate2Collection? externalTrust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(gatewayName);
        loggerFactory ??= NullLoggerFactory.Instance;
        var time = TimeProvider.System;
        var store = new LastKnownGoodStore(Path.Combine(options.DataDir, "gateway-" + gatewayName));
        var owned = new List<IDisposable>();
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

        var logger = loggerFactory.CreateLogger("Mesh.Agent.Gateway");
        var watchOptions = new ConsulWatchOptions { MinBackoff = TimeSpan.FromMilliseconds(500), MaxBackoff = TimeSpan.FromSeconds(30) };
        var identity = new WorkloadIdentity(new SpiffeId(options.Certificates.TrustDomain, "default", gatewayName), certificateProvider, options.Certificates.Ttl, store, time, logger)
        {
            TlsOptions = new MeshTlsOptions { MinimumVersion = options.Tls.MinVersion },
        };
        await identity.StartAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = new SnapshotManager(consul, store, time, logger, watchOptions);
        var consulEndpoints = new ConsulEndpointSource(consul, store, time, logger, watchOptions);
        var endpoints = new MeshFirstEndpointSource<ConsulEndpointSource>(consulEndpoints);
        owned.Add(endpoints);
        var vault = new VaultConnection(options.Vault);
        var issuer = new VaultCertificateIssuer(vault.GetAsync, time, logger);
        var clientCertificates = new VaultClientCertificates(vault.IsConfigured ? issuer : null, identity.Id, time, logger);
        owned.AddRange([clientCertificates, issuer, vault]);
        snapshots.AddCheck(clientCertificates.AdmitAsync);
        var destinations = new DestinationTls(
            () => snapshots.All.Select(s => s.Current).OfType<Mesh.Snapshots.ProxySnapshot>(), new ClientTlsOptionsFactory(new ClientTlsFiles(), externalTrust, logger, clientCertificates));
        var tls = new GatewayTlsProvider(consulEndpoints, () => identity.Tls, options.Certificates.TrustDomain, externalTrust, destinations);
        var router = new GatewayRouter(new HostRegistry(consul), snapshots, endpoints, tls, options.OutboundTrafficPolicy, time, logger);
        var credentials = new GatewayCredentials(issuer);
        var registration = new GatewayRegistration(consul, gatewayName, options.EffectiveNodeName, time, logger);
        var host = new GatewayHost(gatewayName, snapshots, endpoints, tls, router, identity, credentials, registration, loggerFactory, time, owned);
        host._telemetry = new AgentTelemetry(options.Telemetry, options.EffectiveNodeName);
        host._observability = host._telemetry.For(new ProxyIdentity { ServiceName = gatewayName, Namespace = "default", Principal = identity.Id.ToString(), Role = ProxyRole.Gateway });
        snapshots.Changed += host.OnSnapshotChanged;
        snapshots.Track(host._host);
        await host.ApplyAsync(cancellationToken).ConfigureAwait(false);
        LogStarted(host._logger, gatewayName, identity.Id);
        return host;
    }

    private void OnSnapshotChanged(string host)
    {
        if (string.Equals(host, _host, StringComparison.OrdinalIgnoreCase))
        {
            _ = ApplyAsync(_stopping.Token);
        }
    }

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _applying.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (_snapshots.Get(_host)?.Current is not { } snapshot)
            {
                return;
            }

            _router.Apply(snapshot);
            var servers = snapshot.Gateway?.Servers ?? [];
            if (_servers is not null && servers.SequenceEqual(_servers, GatewayServerComparer.Instance))
            {
                return;
            }

            // Ports are exclusive: the old listeners stop before the new ones bind; if the new ones fail the old servers come back.
            var previous = _servers;
            if (_listeners is not null)
            {
                await _listeners.DisposeAsync().ConfigureAwait(false);
                _listeners = null;
            }

            try
            {
                await _credentials.EnsureAsync(servers, cancellationToken).ConfigureAwait(false);
                _listeners = await GatewayListeners.StartAsync(servers, _router, _endpoints, _tls, _credentials, _loggerFactory, _time, _observability, cancellationToken).ConfigureAwait(false);
                _servers = servers;
                LogListeners(_logger, Name, servers.Count);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException or System.Net.Sockets.SocketException
                or InvalidOperationException or HttpRequestException or Mesh.Vault.VaultException)
            {
                LogListenersFailed(_logger, Name, e.Message);
                if (previous is not null && !cancellationToken.IsCancellationRequested)
                {
                    _listeners = await GatewayListeners.StartAsync(previous, _router, _endpoints, _tls, _credentials, _loggerFactory, _time, _observability, cancellationToken).ConfigureAwait(false);
                }
            }

            await _registration.ApplyAsync(_listeners is null ? [] : Servers, cancellationToken).ConfigureAwait(false);

            ListenersChanged?.Invoke(Servers);
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _snapshots.Changed -= OnSnapshotChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _applying.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        await _registration.DisposeAsync().ConfigureAwait(false);
        if (_listeners is not null)
        {
            await _listeners.DisposeAsync().ConfigureAwait(false);
        }

        await _telemetry.DisposeAsync().ConfigureAwait(false);
        await _snapshots.DisposeAsync().ConfigureAwait(false);
        await _endpoints.Mesh.DisposeAsync().ConfigureAwait(false);
        await _identity.DisposeAsync().ConfigureAwait(false);
        _credentials.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _applying.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Gateway} started as {Identity}")]
    private static partial void LogStarted(ILogger logger, string gateway, SpiffeId identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Gateway} listens on {Count} servers")]
    private static partial void LogListeners(ILogger logger, string gateway, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway}: the new servers could not start, the previous ones keep serving: {Error}")]
    private static partial void LogListenersFailed(ILogger logger, string gateway, string error);
}
