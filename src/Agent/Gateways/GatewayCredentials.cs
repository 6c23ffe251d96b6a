using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Snapshots.Gateways;
using Mesh.Vault;

namespace Mesh.Agent.Gateways;

/// <summary>
/// Server certificates of gateway servers whose <c>credential_name</c> is <c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c>:
/// the key (ECDSA P-256) is generated here and never leaves the host; Vault's <c>&lt;mount&gt;/sign/&lt;role&gt;</c>
/// signs a CSR whose DNS SANs are the hosts of the servers naming the credential. Each certificate is renewed at
/// half its lifetime (a failed renewal is retried, the current certificate keeps serving).
/// </summary>
internal sealed partial class GatewayCredentials : IAsyncDisposable
{
    private static readonly TimeSpan s_retry = TimeSpan.FromSeconds(10);
    private readonly Func<CancellationToken, Task<VaultClient>> _vault;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Credential> _credentials = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="vault">Creates (once, logged in) the Vault client; called only when a server names a Vault credential.</param>
    /// <param name="time">The clock for renewals.</param>
    /// <param name="logger">The gateway's logger.</param>
    public GatewayCredentials(Func<CancellationToken, Task<VaultClient>> vault, TimeProvider time, ILogger logger)
    {
        _vault = vault;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after a certificate was issued or renewed (credential name).</summary>
    public event Action<string>? Issued;

    /// <summary>Whether the server takes its certificate from here.</summary>
    public static bool Serves(GatewayServer server) =>
        server.Tls is { } tls && string.IsNullOrEmpty(tls.Certificate) && VaultCredentialName.IsVault(tls.CredentialName)
        && tls.Mode is not (GatewayTlsMode.Passthrough or GatewayTlsMode.AutoPassthrough or GatewayTlsMode.MeshMutual);

    /// <summary>Issues the certificates the servers need and do not have yet (hosts changed: issued anew).</summary>
    public async Task EnsureAsync(IReadOnlyList<GatewayServer> servers, CancellationToken cancellationToken)
    {
        foreach (var group in servers.Where(Serves).GroupBy(s => s.Tls!.CredentialName!, StringComparer.Ordinal))
        {
            var name = VaultCredentialName.Parse(group.Key);
            var hosts = group.SelectMany(s => s.Hosts).Where(h => h != "*" && !h.Contains('/', StringComparison.Ordinal))
                .Select(h => h.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (hosts.Count == 0)
            {
                throw new InvalidDataException($"credential_name \"{group.Key}\" needs servers with host names (not only \"*\") to put in the certificate.");
            }

            if (_credentials.TryGetValue(group.Key, out var existing) && existing.Hosts.SequenceEqual(hosts, StringComparer.Ordinal))
            {
                continue;
            }

            var context = await SignAsync(name, hosts, cancellationToken).ConfigureAwait(false);
            var issuedAt = _time.GetUtcNow();
            var credential = new Credential(name, hosts, context, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
            if (_credentials.TryGetValue(group.Key, out var replaced))
            {
                await replaced.Renewals.CancelAsync().ConfigureAwait(false);
                replaced.Renewals.Dispose();
            }

            _credentials[group.Key] = credential;
            LogIssued(_logger, group.Key, hosts, context.TargetCertificate.NotAfter);
            Issued?.Invoke(group.Key);
            _ = Task.Run(() => RenewAsync(group.Key, credential, issuedAt, credential.Renewals.Token), CancellationToken.None);
        }
    }

    /// <summary>The current certificate (with its chain) of a credential <see cref="EnsureAsync"/> issued.</summary>
    public SslStreamCertificateContext Current(string credentialName) =>
        _credentials.TryGetValue(credentialName, out var credential)
            ? credential.Context
            : throw new InvalidDataException($"No certificate was issued for credential_name \"{credentialName}\".");

    private async Task RenewAsync(string key, Credential credential, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var failed = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Half of the validity left when the certificate arrived, on our clock: Vault backdates NotBefore and its
            // clock may differ from ours, so a schedule from NotBefore could fall in the past and renew in a loop.
            var notAfter = new DateTimeOffset(credential.Context.TargetCertificate.NotAfter.ToUniversalTime());
            var due = issuedAt + ((notAfter - issuedAt) / 2) - _time.GetUtcNow();
            try
            {
                await Task.Delay(failed ? s_retry : due > TimeSpan.Zero ? due : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
                credential.Context = await SignAsync(credential.Name, credential.Hosts, cancellationToken).ConfigureAwait(false);
                issuedAt = _time.GetUtcNow();
                failed = false;
                LogIssued(_logger, key, credential.Hosts, credential.Context.TargetCertificate.NotAfter);
                Issued?.Invoke(key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or VaultException or CryptographicException or TaskCanceledException)
            {
                failed = true;
                LogRenewFailed(_logger, key, e.Message);
            }
        }
    }

    private async Task<SslStreamCertificateContext> SignAsync(VaultCredentialName name, IReadOnlyList<string> hosts, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + hosts[0]), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            san.AddDnsName(host);
        }

        request.CertificateExtensions.Add(san.Build());
        var vault = await _vault(cancellationToken).ConfigureAwait(false);
        var signed = await vault.SignAsync(name.Mount, name.Role, new PkiSignRequest
        {
            Csr = request.CreateSigningRequestPem(),
            CommonName = hosts[0],
            AltNames = hosts,
        }, cancellationToken).ConfigureAwait(false);

        using var issued = X509Certificate2.CreateFromPem(signed.Certificate);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Re-import so the key is usable by SslStream on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var intermediates = new X509Certificate2Collection();
        foreach (var pem in signed.CaChain.DefaultIfEmpty(signed.IssuingCa).Where(p => p.Length > 0))
        {
            var ca = X509Certificate2.CreateFromPem(pem);
            if (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData))
            {
                ca.Dispose();
                continue;
            }

            intermediates.Add(ca);
        }

        return SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var credential in _credentials.Values)
        {
            credential.Renewals.Dispose();
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway certificate {Credential} for {Hosts} issued by Vault, valid until {NotAfter}")]
    private static partial void LogIssued(ILogger logger, string credential, IEnumerable<string> hosts, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the gateway certificate {Credential} failed, the current one keeps serving: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string credential, string error);

    private sealed class Credential(VaultCredentialName name, IReadOnlyList<string> hosts, SslStreamCertificateContext context, CancellationTokenSource renewals)
    {
        private SslStreamCertificateContext _context = context;

        public VaultCredentialName Name { get; } = name;

        public IReadOnlyList<string> Hosts { get; } = hosts;

        public CancellationTokenSource Renewals { get; } = renewals;

        public SslStreamCertificateContext Context
        {
            get => Volatile.Read(ref _context);
            set => Volatile.Write(ref _context, value);
        }
    }
}
