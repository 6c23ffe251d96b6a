using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mesh.Agent.State;
using Mesh.Identity;

namespace Mesh.Agent.Certificates;

/// <summary>
/// The agent's trust bundle: the CA roots (and intermediates) peers must chain to, as the certificate provider
/// reports them (the controller's <c>/v1/ca/roots</c> or Vault's PKI CA chain). Held behind an atomic swap: every
/// handshake reads <see cref="Current"/>, so a refresh applies to the next connection without a restart. During a
/// root rotation the bundle simply holds several roots, old and new, and peers of either are accepted.
/// The last good bundle is saved (so a restart while the CA is unreachable still verifies peers).
/// </summary>
internal sealed partial class TrustBundle
{
    internal const string TrustCategory = "trust";
    private const string TrustName = "bundle";

    private readonly ICertificateProvider _provider;
    private readonly LastKnownGoodStore _store;
    private readonly ILogger _logger;
    private readonly Lock _swapping = new();
    private IReadOnlyList<X509Certificate2> _current = [];

    public TrustBundle(ICertificateProvider provider, LastKnownGoodStore store, ILogger logger)
    {
        _provider = provider;
        _store = store;
        _logger = logger;
    }

    /// <summary>Raised after <see cref="Current"/> changed, with the new anchors.</summary>
    public event Action<IReadOnlyList<X509Certificate2>>? Changed;

    /// <summary>The anchors in force now.</summary>
    public IReadOnlyList<X509Certificate2> Current => Volatile.Read(ref _current);

    /// <summary>True once a bundle is in place (loaded or refreshed).</summary>
    public bool IsLoaded => Current.Count > 0;

    /// <summary>Loads the bundle from the provider, or from the saved copy when the provider is unreachable.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (IsLoaded)
        {
            return;
        }

        try
        {
            Swap(await _provider.GetTrustAnchorsAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or CryptographicException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (_store.Load(TrustCategory, TrustName) is not { } saved)
            {
                throw;
            }

            LogUsingSavedTrust(_logger, e.Message);
            Swap(Pem.ReadCertificates(Encoding.UTF8.GetString(saved)), save: false);
        }
    }

    /// <summary>Re-reads the bundle; returns true when it changed. A failure or an empty answer keeps the current one.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var anchors = await _provider.GetTrustAnchorsAsync(cancellationToken).ConfigureAwait(false);
            if (anchors.Count == 0)
            {
                LogTrustRefreshFailed(_logger, "the CA returned no roots");
                return false;
            }

            return Swap(anchors);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or CryptographicException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogTrustRefreshFailed(_logger, e.Message);
            return false;
        }
    }

    private bool Swap(IReadOnlyList<X509Certificate2> anchors, bool save = true)
    {
        lock (_swapping)
        {
            if (SameThumbprints(Volatile.Read(ref _current), anchors))
            {
                return false;
            }

            Volatile.Write(ref _current, anchors);
            if (save)
            {
                var pem = string.Concat(anchors.Select(a => a.ExportCertificatePem() + "\n"));
                _store.Save(TrustCategory, TrustName, Encoding.UTF8.GetBytes(pem));
            }
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var subjects = string.Join(", ", anchors.Select(a => a.Subject));
            LogTrustBundleChanged(_logger, anchors.Count, subjects);
        }

        Changed?.Invoke(anchors);
        return true;
    }

    private static bool SameThumbprints(IReadOnlyList<X509Certificate2> a, IReadOnlyList<X509Certificate2> b) =>
        a.Count == b.Count && a.Select(c => c.Thumbprint).Order(StringComparer.Ordinal).SequenceEqual(b.Select(c => c.Thumbprint).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The CA is unreachable ({Error}); using the saved trust bundle")]
    private static partial void LogUsingSavedTrust(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the trust bundle failed, the current one stays in force: {Error}")]
    private static partial void LogTrustRefreshFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trust bundle now holds {Count} CA certificates: {Subjects}")]
    private static partial void LogTrustBundleChanged(ILogger logger, int count, string subjects);
}
