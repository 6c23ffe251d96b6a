using Mesh.Agent.Certificates;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mesh.Identity;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Vault;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// Client certificates of destination rules whose <c>tls</c> is <c>mode = "mutual"</c> with
/// <c>credential_name = "vault:&lt;mount&gt;/roles/&lt;role&gt;"</c>, for one mesh identity (a sidecar's service, or a
/// gateway): CN = the service name, URI SAN = its SPIFFE id, signed by Vault and renewed by
/// <see cref="VaultCertificateIssuer"/>. <see cref="AdmitAsync"/> issues them before a snapshot naming them is served,
/// so that Vault's refusal (or an agent without Vault credentials) rejects that snapshot with the reason.
/// </summary>
internal sealed partial class VaultClientCertificates : IDisposable
{
    private static readonly TimeSpan s_retry = TimeSpan.FromSeconds(10);
    private readonly VaultCertificateIssuer? _issuer;
    private readonly VaultCertificateSubject _subject;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Lazy: GetOrAdd may run its factory twice under a race, and each run would start an issuance that renews itself.
    private readonly ConcurrentDictionary<string, Lazy<Task<RenewingVaultCertificate>>> _certificates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failedAt = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="issuer">Signs the certificates; null when the agent's configuration gives Vault no credentials.</param>
    /// <param name="identity">The identity the certificates carry.</param>
    /// <param name="time">The clock for retries.</param>
    /// <param name="logger">The owner's logger.</param>
    public VaultClientCertificates(VaultCertificateIssuer? issuer, SpiffeId identity, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _issuer = issuer;
        _subject = new VaultCertificateSubject(identity.Service, [], [identity.ToString()]);
        _time = time;
        _logger = logger;
    }

    /// <summary>The credential names the snapshot's <c>mutual</c> settings use, with the host of the cluster naming each.</summary>
    public static IEnumerable<(string Host, string CredentialName)> NamesIn(ProxySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Clusters
            .SelectMany(c => ClientTlsPolicy.All(c).Where(t => t.Mode == TlsMode.Mutual && !string.IsNullOrEmpty(t.CredentialName)).Select(t => (c.Host, t.CredentialName!)))
            .DistinctBy(n => n.Item2, StringComparer.Ordinal);
    }

    /// <summary>
    /// Issues the client certificates <paramref name="snapshot"/> names and this identity has not got yet; throws
    /// <see cref="InvalidDataException"/> naming the host, the credential and the reason when one cannot be had.
    /// </summary>
    public async Task AdmitAsync(ProxySnapshot snapshot, CancellationToken cancellationToken)
    {
        foreach (var (host, name) in NamesIn(snapshot))
        {
            if (_issuer is null)
            {
                throw new InvalidDataException(
                    $"The tls credential_name \"{name}\" of host \"{host}\" needs Vault, but this agent's configuration gives it no credentials: "
                    + "add a vault { } block with address and token (or an approle login), or set VAULT_TOKEN.");
            }

            try
            {
                await EnsureAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsIssuanceFailure(e) && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidDataException($"The tls credential_name \"{name}\" of host \"{host}\" got no client certificate from Vault: {e.Message}", e);
            }
        }
    }

    /// <summary>Requests in the background the certificates a snapshot that already serves names (saved, or admitted for another identity).</summary>
    public void Request(ProxySnapshot snapshot)
    {
        foreach (var (_, name) in NamesIn(snapshot))
        {
            _ = Current(name);
        }
    }

    /// <summary>
    /// The current certificate of <paramref name="credentialName"/>, or null when none was issued: then one is requested
    /// in the background (at most every 10 s), for a snapshot that was served before this identity needed it.
    /// </summary>
    public VaultSignedCertificate? Current(string credentialName)
    {
        if (_certificates.TryGetValue(credentialName, out var issuing) && issuing.Value.IsCompletedSuccessfully)
        {
            return issuing.Value.Result.Current;
        }

        if (issuing is null && _issuer is not null && !_stopping.IsCancellationRequested
            && (!_failedAt.TryGetValue(credentialName, out var failed) || _time.GetUtcNow() - failed >= s_retry))
        {
            _ = RequestAsync(credentialName);
        }

        return null;
    }

    private async Task RequestAsync(string credentialName)
    {
        try
        {
            await EnsureAsync(credentialName, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsIssuanceFailure(e) && !_stopping.IsCancellationRequested)
        {
            LogRequestFailed(_logger, credentialName, e.Message);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task EnsureAsync(string credentialName, CancellationToken cancellationToken)
    {
        var entry = _certificates.GetOrAdd(credentialName, name => new Lazy<Task<RenewingVaultCertificate>>(() => _issuer!.IssueAsync(name, _subject, _stopping.Token)));
        var issuing = entry.Value;
        try
        {
            await issuing.WaitAsync(cancellationToken).ConfigureAwait(false);
            _failedAt.TryRemove(credentialName, out _);
        }
        catch (Exception) when (issuing.IsFaulted || issuing.IsCanceled)
        {
            // A failed issuance is forgotten, so that the next snapshot or connection asks Vault again.
            _certificates.TryRemove(KeyValuePair.Create(credentialName, entry));
            _failedAt[credentialName] = _time.GetUtcNow();
            throw;
        }
    }

    private static bool IsIssuanceFailure(Exception e) =>
        e is VaultException or HttpRequestException or CryptographicException or InvalidDataException or IOException or UnauthorizedAccessException
        or TaskCanceledException;

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var entry in _certificates.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                entry.Value.Result.Dispose();
            }
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No client certificate for credential_name {Credential} yet: Vault did not sign one ({Error}); connections that need it present none")]
    private static partial void LogRequestFailed(ILogger logger, string credential, string error);
}
