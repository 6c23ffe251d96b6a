using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mesh.Agent.State;
using Mesh.Identity;

namespace Mesh.Agent.Certificates;

/// <summary>
/// The certificate of one local service: a <see cref="CertificateRotator"/> over the configured provider, the
/// <see cref="MeshTls"/> settings built on it, and the last good certificate and trust bundle on disk (0600),
/// so a restart while the CA is unreachable still serves mTLS.
/// </summary>
internal sealed partial class WorkloadIdentity : IAsyncDisposable
{
    internal const string CertificateCategory = "certificates";
    private const string KeyMarker = "-----BEGIN PRIVATE KEY-----";

    private readonly TrustBundle _bundle;
    private readonly LastKnownGoodStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CertificateRotator _rotator;

    public WorkloadIdentity(SpiffeId id, ICertificateProvider provider, TimeSpan ttl, LastKnownGoodStore store, TimeProvider time, ILogger logger)
        : this(id, provider, new TrustBundle(provider, store, logger), ttl, store, time, logger)
    {
    }

    /// <summary>An identity whose peers are verified against the agent-wide <paramref name="trustBundle"/>.</summary>
    public WorkloadIdentity(SpiffeId id, ICertificateProvider provider, TrustBundle trustBundle, TimeSpan ttl, LastKnownGoodStore store, TimeProvider time, ILogger logger)
    {
        Id = id;
        _store = store;
        _time = time;
        _logger = logger;
        _bundle = trustBundle;
        _rotator = new CertificateRotator(provider, id, new CertificateRotatorOptions { Ttl = ttl }, time);
        _rotator.CertificateRotated += (_, e) =>
        {
            Persist(e.Current);
            // A renewal is the moment a CA rotation shows: re-read the roots too.
            _ = _bundle.RefreshAsync(CancellationToken.None);
            Rotated?.Invoke();
        };
        _rotator.RenewalFailed += (_, e) => LogRenewalFailed(_logger, Id.ToString(), e.Attempt, e.Exception.Message);
    }

    /// <summary>Raised after a renewal put a new certificate in place.</summary>
    public event Action? Rotated;

    /// <summary>When the first certificate of the current chain (leaf or issuer) expires.</summary>
    public DateTimeOffset EarliestNotAfter
    {
        get
        {
            var current = Current;
            var earliest = current.NotAfter;
            foreach (var issuer in current.Chain)
            {
                var notAfter = new DateTimeOffset(issuer.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                if (notAfter < earliest)
                {
                    earliest = notAfter;
                }
            }

            return earliest;
        }
    }

    /// <summary>The service's identity.</summary>
    public SpiffeId Id { get; }

    /// <summary>The protocol options of <see cref="Tls"/> (the agent's <c>tls</c> block); null for the defaults (TLS 1.3 only).</summary>
    public MeshTlsOptions? TlsOptions { get; init; }

    /// <summary>TLS settings; valid after <see cref="StartAsync"/>.</summary>
    public MeshTls Tls { get; private set; } = null!;

    /// <summary>The current certificate.</summary>
    public WorkloadCertificate Current => _rotator.Current;

    /// <summary>Obtains trust anchors and the first certificate (from the provider, or from disk when it is unreachable).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _bundle.LoadAsync(cancellationToken).ConfigureAwait(false);
        var saved = LoadSaved();
        await _rotator.StartAsync(saved, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(saved, _rotator.Current))
        {
            saved?.Dispose();
            Persist(_rotator.Current);
        }

        Tls = new MeshTls(_rotator, _bundle.Current, _time, TlsOptions, null);
        _bundle.Changed += OnTrustBundleChanged;
        Tls.TrustAnchors = _bundle.Current;
    }

    /// <summary>The trust bundle peers are verified against.</summary>
    public TrustBundle TrustBundle => _bundle;

    /// <summary>Re-reads the trust anchors (a CA rotation); keeps the old ones when the provider fails.</summary>
    public Task RefreshTrustAnchorsAsync(CancellationToken cancellationToken) => _bundle.RefreshAsync(cancellationToken);

    private void OnTrustBundleChanged(IReadOnlyList<X509Certificate2> anchors) => Tls.TrustAnchors = anchors;

    private WorkloadCertificate? LoadSaved()
    {
        if (_store.Load(CertificateCategory, Id.ToString()) is not { } bytes)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(bytes);
            var split = text.IndexOf(KeyMarker, StringComparison.Ordinal);
            return split < 0 ? null : WorkloadCertificate.FromPem(text[..split], text[split..]);
        }
        catch (CryptographicException e)
        {
            LogSavedCertificateUnreadable(_logger, Id.ToString(), e.Message);
            return null;
        }
    }

    private void Persist(WorkloadCertificate certificate)
    {
        var text = certificate.ExportCertificatePem() + certificate.ExportPrivateKeyPem() + "\n";
        _store.Save(CertificateCategory, Id.ToString(), Encoding.UTF8.GetBytes(text), secret: true);
        LogRotated(_logger, Id, certificate.NotAfter);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _bundle.Changed -= OnTrustBundleChanged;
        return _rotator.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate for {Id} in place, valid until {NotAfter:O}")]
    private static partial void LogRotated(ILogger logger, SpiffeId id, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the certificate of {Id} failed (attempt {Attempt}): {Error}")]
    private static partial void LogRenewalFailed(ILogger logger, string id, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved certificate of {Id} is unreadable: {Error}")]
    private static partial void LogSavedCertificateUnreadable(ILogger logger, string id, string error);
}
