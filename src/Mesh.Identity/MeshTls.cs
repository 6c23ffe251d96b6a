using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Identity;

/// <summary>
/// Builds the TLS options of mesh connections: the workload's certificate comes from a callback (so a rotated
/// certificate is used by the next handshake without a restart), peers are validated against the mesh trust
/// anchors only (<see cref="X509ChainTrustMode.CustomRootTrust"/>) at the injected <see cref="TimeProvider"/>'s time
/// and identified by the SPIFFE id in their URI SAN, never by host name. A refused peer is logged and reported
/// through <see cref="PeerRejected"/> with the reason (expired, not yet valid, unknown CA, wrong id).
/// </summary>
public sealed partial class MeshTls
{
    private readonly Func<WorkloadCertificate> _current;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private volatile TrustChainPolicies _trust;
    private volatile CachedContext? _context;

    /// <summary>Creates the TLS settings of a workload whose certificate <paramref name="rotator"/> keeps fresh.</summary>
    public MeshTls(CertificateRotator rotator, IReadOnlyList<X509Certificate2> trustAnchors, TimeProvider timeProvider)
        : this(rotator, trustAnchors, timeProvider, null, null)
    {
    }

    /// <summary>Like the other constructor for a rotator, with protocol options and a logger for refused peers.</summary>
    public MeshTls(CertificateRotator rotator, IReadOnlyList<X509Certificate2> trustAnchors, TimeProvider timeProvider, MeshTlsOptions? options, ILogger? logger)
        : this(CurrentOf(rotator), trustAnchors, timeProvider, options, logger)
    {
    }

    /// <summary>Creates the TLS settings from a callback that returns the current certificate.</summary>
    public MeshTls(Func<WorkloadCertificate> currentCertificate, IReadOnlyList<X509Certificate2> trustAnchors, TimeProvider timeProvider)
        : this(currentCertificate, trustAnchors, timeProvider, null, null)
    {
    }

    /// <summary>Like the other callback constructor, with protocol options and a logger for refused peers.</summary>
    public MeshTls(Func<WorkloadCertificate> currentCertificate, IReadOnlyList<X509Certificate2> trustAnchors, TimeProvider timeProvider, MeshTlsOptions? options, ILogger? logger)
    {
        _current = currentCertificate ?? throw new ArgumentNullException(nameof(currentCertificate));
        _trust = new TrustChainPolicies(trustAnchors ?? throw new ArgumentNullException(nameof(trustAnchors)));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        Options = options ?? new MeshTlsOptions();
        _ = Options.EnabledSslProtocols; // validates MinimumVersion early
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised (on the handshake's thread) when a peer's certificate is refused, with the reason.</summary>
    public event EventHandler<PeerRejectedEventArgs>? PeerRejected;

    /// <summary>The protocol settings (TLS versions, ALPN, resumption) of the options this instance builds.</summary>
    public MeshTlsOptions Options { get; }

    /// <summary>The roots (and intermediates) peers must chain to; replace it when the CA rotates.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors
    {
        get => _trust.Anchors;
        set => _trust = new TrustChainPolicies(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// Server options. With <paramref name="requireClientCertificate"/> (peer authentication <c>strict</c>) a client
    /// without a valid mesh certificate is refused; otherwise (<c>permissive</c>) a client may present none, but one it
    /// presents must still be valid. <paramref name="authorizeClient"/>, when given, may refuse a valid id.
    /// </summary>
    public SslServerAuthenticationOptions CreateServerOptions(bool requireClientCertificate, Func<SpiffeId, bool>? authorizeClient = null) =>
        ServerOptions(requireClientCertificate, authorizeClient, perHandshake: false);

    /// <summary>
    /// A per-connection callback for <c>SslStream.AuthenticateAsServerAsync(ServerOptionsSelectionCallback, ...)</c>
    /// or Kestrel's <c>UseHttps(ServerOptionsSelectionCallback, ...)</c>: like <see cref="CreateServerOptions"/>, but
    /// sends the leaf current at this handshake together with its intermediates.
    /// </summary>
    public ServerOptionsSelectionCallback CreateServerOptionsSelector(bool requireClientCertificate, Func<SpiffeId, bool>? authorizeClient = null) =>
        (_, _, _, _) => ValueTask.FromResult(CreateHandshakeServerOptions(requireClientCertificate, authorizeClient));

    /// <summary>
    /// Server options for exactly one handshake, for callers that pick options per connection themselves (as the
    /// gateway does by SNI): the leaf current now, and a chain policy stamped with the current time, so the peer's
    /// chain is built once, by <c>SslStream</c>. Never reuse them for a second connection.
    /// </summary>
    public SslServerAuthenticationOptions CreateHandshakeServerOptions(bool requireClientCertificate, Func<SpiffeId, bool>? authorizeClient = null)
    {
        var options = ServerOptions(requireClientCertificate, authorizeClient, perHandshake: true);
        options.ServerCertificateContext = CurrentContext();
        return options;
    }

    /// <summary>
    /// Client options that accept only a server whose SPIFFE id matches <paramref name="expectedServer"/>
    /// (a full id or a pattern as in <see cref="SpiffeId.Matches"/>). <paramref name="targetHost"/> is sent as SNI only.
    /// The client certificate is the one current when the options are created: create options per connection.
    /// </summary>
    public SslClientAuthenticationOptions CreateClientOptions(string expectedServer, string? targetHost = null)
    {
        var options = CreateClientOptionsCore(expectedServer, targetHost, perConnection: true);
        options.ClientCertificateContext = CurrentContext();
        return options;
    }

    /// <summary>Client options that accept only a server with exactly <paramref name="expectedServer"/>.</summary>
    public SslClientAuthenticationOptions CreateClientOptions(SpiffeId expectedServer, string? targetHost = null) =>
        CreateClientOptions(expectedServer?.ToString()!, targetHost);

    /// <summary>
    /// An <see cref="HttpClient"/> handler for mTLS to a server matching <paramref name="expectedServer"/>: each new
    /// connection presents the certificate current at its handshake (chosen by a selection callback), so a rotated
    /// certificate is used without recreating the handler. <paramref name="pooledConnectionLifetime"/> (default 5 min)
    /// bounds how long a pooled connection, and so the certificate it authenticated with, is reused.
    /// </summary>
    public SocketsHttpHandler CreateHttpHandler(string expectedServer, string? targetHost = null, TimeSpan? pooledConnectionLifetime = null)
    {
        var options = CreateClientOptionsCore(expectedServer, targetHost, perConnection: false);
        options.LocalCertificateSelectionCallback = (_, _, _, _, _) => _current().Certificate;
        return new SocketsHttpHandler
        {
            SslOptions = options,
            PooledConnectionLifetime = pooledConnectionLifetime ?? TimeSpan.FromMinutes(5),
        };
    }

    private static Func<WorkloadCertificate> CurrentOf(CertificateRotator rotator)
    {
        ArgumentNullException.ThrowIfNull(rotator);
        return () => rotator.Current;
    }

    private SslStreamCertificateContext CurrentContext()
    {
        var current = _current();
        var cached = _context;
        if (cached is not null && ReferenceEquals(cached.Certificate, current))
        {
            return cached.Context;
        }

        var context = SslStreamCertificateContext.Create(current.Certificate, new X509Certificate2Collection(current.Chain.ToArray()), offline: true);
        _context = new CachedContext(current, context);
        return context;
    }

    private void Reject(string reason, SpiffeId? peerId, bool peerIsClient)
    {
        LogPeerRejected(_logger, peerIsClient ? "client" : "server", peerId?.ToString() ?? "(none)", reason);
        PeerRejected?.Invoke(this, new PeerRejectedEventArgs(reason, peerId, peerIsClient));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused the TLS {Side} {PeerId}: {Reason}")]
    private static partial void LogPeerRejected(ILogger logger, string side, string peerId, string reason);

    private sealed record CachedContext(WorkloadCertificate Certificate, SslStreamCertificateContext Context);
}
