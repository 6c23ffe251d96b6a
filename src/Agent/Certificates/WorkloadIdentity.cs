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
    internal const string TrustCategory = "trust";
    private const string TrustName = "bundle";
    private const string KeyMarker = "-----BEGIN PRIVATE KEY-----";

    private readonly ICertificateProvider _provider;
    private readonly LastKnownGoodStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CertificateRotator _rotator;

    public WorkloadIdentity(SpiffeId id, ICertificateProvider provider, TimeSpan ttl, LastKnownGoodStore store, TimeProvider time, ILogger logger)
    {
        Id = id;
        _provider = provider;
        _store = store;
        _time = time;
        _logger = logger;
        _rotator = new CertificateRotator(provider, id, new CertificateRotatorOptions { Ttl = ttl }, time);
        _rotator.CertificateRotated += (_, e) =>
        {
            Persist(e.Current);
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

    /// <summary>TLS settings; valid after <see cref="StartAsync"/>.</summary>
    public MeshTls Tls { get; private set; } = null!;

    /// <summary>The current certificate.</summary>
    public WorkloadCertificate Current => _rotator.Current;

    /// <summary>Obtains trust anchors and the first certificate (from the provider, or from disk when it is unreachable).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var anchors = await LoadTrustAnchorsAsync(cancellationToken).ConfigureAwait(false);
        var saved = LoadSaved();
        await _rotator.StartAsync(saved, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(saved, _rotator.Current))
        {
            saved?.Dispose();
            Persist(_rotator.Current);
        }

        Tls = new MeshTls(_rotator, anchors, _time);
    }

    /// <summary>Re-reads the trust anchors (a CA rotation); keeps the old ones when the provider fails.</summary>
    public async Task RefreshTrustAnchorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var anchors = await _provider.GetTrustAnchorsAsync(cancellationToken).ConfigureAwait(false);
            if (anchors.Count > 0)
            {
                Tls.TrustAnchors = anchors;
                SaveAnchors(anchors);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or CryptographicException)
        {
            LogTrustRefreshFailed(_logger, e.Message);
        }
    }

    private async Task<IReadOnlyList<X509Certificate2>> LoadTrustAnchorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var anchors = await _provider.GetTrustAnchorsAsync(cancellationToken).ConfigureAwait(false);
            SaveAnchors(anchors);
            return anchors;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or CryptographicException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (_store.Load(TrustCategory, TrustName) is { } saved)
            {
                LogUsingSavedTrust(_logger, e.Message);
                return Pem.ReadCertificates(Encoding.UTF8.GetString(saved));
            }

            throw;
        }
    }

    private void SaveAnchors(IReadOnlyList<X509Certificate2> anchors)
    {
        var pem = string.Concat(anchors.Select(a => a.ExportCertificatePem() + "\n"));
        _store.Save(TrustCategory, TrustName, Encoding.UTF8.GetBytes(pem));
    }

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
    public ValueTask DisposeAsync() => _rotator.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate for {Id} in place, valid until {NotAfter:O}")]
    private static partial void LogRotated(ILogger logger, SpiffeId id, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the certificate of {Id} failed (attempt {Attempt}): {Error}")]
    private static partial void LogRenewalFailed(ILogger logger, string id, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The CA is unreachable ({Error}); using the saved trust bundle")]
    private static partial void LogUsingSavedTrust(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the trust bundle failed: {Error}")]
    private static partial void LogTrustRefreshFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved certificate of {Id} is unreadable: {Error}")]
    private static partial void LogSavedCertificateUnreadable(ILogger logger, string id, string error);
}
