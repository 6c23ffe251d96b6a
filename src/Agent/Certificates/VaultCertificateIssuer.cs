using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Snapshots;
using Mesh.Vault;

namespace Mesh.Agent.Certificates;

/// <summary>
/// Certificates named by <c>credential_name = "vault:&lt;mount&gt;/roles/&lt;role&gt;"</c> (gateway server certificates,
/// destination rule client certificates): the key (ECDSA P-256) is generated here and never leaves the host; Vault's
/// <c>&lt;mount&gt;/sign/&lt;role&gt;</c> signs a CSR for the subject. Each certificate is renewed at half its lifetime;
/// a failed renewal is retried every 10 s while the current certificate keeps serving. Dispose to stop every renewal.
/// </summary>
internal sealed partial class VaultCertificateIssuer : IDisposable
{
    private static readonly TimeSpan s_retry = TimeSpan.FromSeconds(10);
    private readonly Func<CancellationToken, Task<VaultClient>> _vault;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="vault">Creates (once, logged in) the Vault client; called only when a certificate is needed.</param>
    /// <param name="time">The clock for renewals.</param>
    /// <param name="logger">The logger of the certificates' owner.</param>
    public VaultCertificateIssuer(Func<CancellationToken, Task<VaultClient>> vault, TimeProvider time, ILogger logger)
    {
        _vault = vault;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after a certificate was issued or renewed.</summary>
    public event Action<RenewingVaultCertificate>? Issued;

    /// <summary>
    /// Has Vault sign a certificate for <paramref name="subject"/> with the role <paramref name="credentialName"/> names,
    /// and keeps renewing it until the result is disposed. Throws <see cref="InvalidDataException"/> for a name that is
    /// not a Vault role, <see cref="VaultException"/> or <see cref="HttpRequestException"/> when Vault refuses or is unreachable.
    /// </summary>
    public async Task<RenewingVaultCertificate> IssueAsync(string credentialName, VaultCertificateSubject subject, CancellationToken cancellationToken)
    {
        var name = VaultCredentialName.Parse(credentialName);
        var first = await SignAsync(name, subject, cancellationToken).ConfigureAwait(false);
        var issuedAt = _time.GetUtcNow();
        var certificate = new RenewingVaultCertificate(credentialName, subject, first, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        LogIssued(_logger, credentialName, subject, first.Context.TargetCertificate.NotAfter);
        Issued?.Invoke(certificate);
        var renewals = certificate.Renewals.Token;
        // Started inline, not on the thread pool: the renewal is scheduled (its delay armed on the clock it was computed
        // from) before the caller gets the certificate, so a clock that moves meanwhile cannot push it a half life out.
        _ = RenewAsync(name, certificate, issuedAt, renewals);
        return certificate;
    }

    private async Task RenewAsync(VaultCredentialName name, RenewingVaultCertificate certificate, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var failed = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Half of the validity left when the certificate arrived, on our clock: Vault backdates NotBefore and its
            // clock may differ from ours, so a schedule from NotBefore could fall in the past and renew in a loop.
            var notAfter = new DateTimeOffset(certificate.Current.Context.TargetCertificate.NotAfter.ToUniversalTime());
            var due = issuedAt + ((notAfter - issuedAt) / 2) - _time.GetUtcNow();
            try
            {
                await Task.Delay(failed ? s_retry : due > TimeSpan.Zero ? due : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
                var renewed = await SignAsync(name, certificate.Subject, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                certificate.Current = renewed;
                issuedAt = _time.GetUtcNow();
                failed = false;
                LogIssued(_logger, certificate.CredentialName, certificate.Subject, renewed.Context.TargetCertificate.NotAfter);
                Issued?.Invoke(certificate);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or VaultException or CryptographicException or TaskCanceledException)
            {
                failed = true;
                LogRenewFailed(_logger, certificate.CredentialName, certificate.Subject, e.Message);
            }
        }
    }

    private async Task<VaultSignedCertificate> SignAsync(VaultCredentialName name, VaultCertificateSubject subject, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + subject.CommonName), key, HashAlgorithmName.SHA256);
        if (subject.DnsNames.Count + subject.Uris.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dnsName in subject.DnsNames)
            {
                san.AddDnsName(dnsName);
            }

            foreach (var uri in subject.Uris)
            {
                san.AddUri(new Uri(uri, UriKind.Absolute));
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var vault = await _vault(cancellationToken).ConfigureAwait(false);
        var signed = await vault.SignAsync(name.Mount, name.Role, new PkiSignRequest
        {
            Csr = request.CreateSigningRequestPem(),
            CommonName = subject.CommonName,
            AltNames = subject.DnsNames,
            UriSans = subject.Uris,
        }, cancellationToken).ConfigureAwait(false);

        using var issued = X509Certificate2.CreateFromPem(signed.Certificate);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Re-import so the key is usable by SslStream on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var authorities = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var pem in signed.CaChain.Prepend(signed.IssuingCa).Where(p => p.Length > 0))
        {
            var ca = X509Certificate2.CreateFromPem(pem);
            if (authorities.Find(X509FindType.FindByThumbprint, ca.Thumbprint, validOnly: false).Count > 0)
            {
                ca.Dispose();
                continue;
            }

            authorities.Add(ca);
            if (!ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData))
            {
                intermediates.Add(ca);
            }
        }

        return new VaultSignedCertificate(SslStreamCertificateContext.Create(certificate, intermediates, offline: true), authorities);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate {Credential} for {Subject} issued by Vault, valid until {NotAfter}")]
    private static partial void LogIssued(ILogger logger, string credential, VaultCertificateSubject subject, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the certificate {Credential} for {Subject} failed, the current one keeps serving: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string credential, VaultCertificateSubject subject, string error);
}
