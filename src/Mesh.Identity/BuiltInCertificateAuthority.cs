using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity;

/// <summary>
/// The controller's embedded CA (like Consul's built-in CA or istiod's self-signed root): an ECDSA P-256
/// self-signed root, created on first use and, when a directory is given, kept there as <c>ca.pem</c> and
/// <c>ca-key.pem</c> (0600, written atomically) and loaded from it on the next start. It signs agents' CSRs
/// and issues leaves whose only name is the SPIFFE id in the URI SAN.
/// </summary>
public sealed class BuiltInCertificateAuthority : ICertificateProvider, IDisposable
{
    /// <summary>The root certificate's file name in the state directory.</summary>
    public const string CertificateFileName = "ca.pem";

    /// <summary>The root key's file name in the state directory (mode 0600).</summary>
    public const string KeyFileName = "ca-key.pem";

    private static readonly TimeSpan RootLifetime = TimeSpan.FromDays(3650);
    private readonly string? _directory;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private X509Certificate2? _root;

    /// <summary>Creates the CA for <paramref name="trustDomain"/>; <paramref name="directory"/> null keeps the root in memory only.</summary>
    public BuiltInCertificateAuthority(string trustDomain, string? directory, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trustDomain);
        TrustDomain = trustDomain;
        _directory = directory;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The trust domain every id it signs must belong to.</summary>
    public string TrustDomain { get; }

    /// <summary>The root certificate (with its key), created or loaded on first use.</summary>
    public X509Certificate2 Root
    {
        get
        {
            lock (_lock)
            {
                return _root ??= LoadOrCreateRoot();
            }
        }
    }

    /// <summary>Signs an agent's PKCS#10 request (DER or PEM). Only the request's key is used: the leaf names <paramref name="id"/> alone.</summary>
    public X509Certificate2 SignCsr(byte[] csr, SpiffeId id, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(id);
        CertificateRequest parsed;
        var text = System.Text.Encoding.ASCII.GetString(csr);
        parsed = text.Contains("-----BEGIN", StringComparison.Ordinal)
            ? CertificateRequest.LoadSigningRequestPem(text, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default)
            : CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        var request = new CertificateRequest(new X500DistinguishedName(string.Empty), parsed.PublicKey, HashAlgorithmName.SHA256);
        return Sign(request, id, ttl);
    }

    /// <inheritdoc />
    public Task<WorkloadCertificate> IssueAsync(SpiffeId id, TimeSpan ttl, CancellationToken cancellationToken)
    {
        using var key = LeafCertificates.CreateKey();
        var request = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
        using var leaf = Sign(request, id, ttl);
        var withKey = leaf.CopyWithPrivateKey(key);
        return Task.FromResult(new WorkloadCertificate(withKey, [X509CertificateLoader.LoadCertificate(Root.RawData)], id));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<X509Certificate2>> GetTrustAnchorsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<X509Certificate2>>([X509CertificateLoader.LoadCertificate(Root.RawData)]);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _root?.Dispose();
            _root = null;
        }
    }

    private X509Certificate2 Sign(CertificateRequest request, SpiffeId id, TimeSpan ttl)
    {
        if (!string.Equals(id.TrustDomain, TrustDomain, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{id} is not in the trust domain {TrustDomain}.", nameof(id));
        }

        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The TTL must be positive.");
        }

        var root = Root;
        var now = _timeProvider.GetUtcNow();
        var notAfter = now + ttl;
        var rootNotAfter = new DateTimeOffset(root.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter > rootNotAfter)
        {
            notAfter = rootNotAfter;
        }

        request.CertificateExtensions.Add(LeafCertificates.CreateSan(id));
        LeafCertificates.AddLeafExtensions(request, root);
        return request.Create(root, now - LeafCertificates.ClockSkew, notAfter, LeafCertificates.NewSerial());
    }

    private X509Certificate2 LoadOrCreateRoot()
    {
        if (_directory is not null)
        {
            var certificatePath = Path.Combine(_directory, CertificateFileName);
            var keyPath = Path.Combine(_directory, KeyFileName);
            if (File.Exists(certificatePath) && File.Exists(keyPath))
            {
                return X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath), File.ReadAllText(keyPath));
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("Mesh Built-in CA");
        subject.AddOrganizationName(TrustDomain);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = _timeProvider.GetUtcNow();
        var root = request.CreateSelfSigned(now - LeafCertificates.ClockSkew, now + RootLifetime);
        if (_directory is not null)
        {
            Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            WriteAtomically(Path.Combine(_directory, KeyFileName), key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteAtomically(Path.Combine(_directory, CertificateFileName), root.ExportCertificatePem(),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return root;
    }

    private static void WriteAtomically(string path, string content, UnixFileMode mode)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode };
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
