using System.Security.Cryptography;
using System.Text;
using Mesh.Controller.Configuration;
using Mesh.ControllerApi;
using Mesh.Identity;

namespace Mesh.Controller.Certificates;

/// <summary>The controller's built-in CA behind <c>/v1/ca/*</c>: signs agents' CSRs with capped lifetimes.</summary>
internal sealed class CertificateAuthorityService : IDisposable
{
    private readonly BuiltInCertificateAuthority _ca;
    private readonly TimeSpan _defaultTtl;
    private readonly TimeSpan _maxTtl;

    public CertificateAuthorityService(ControllerOptions options)
    {
        if (options.DataDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _ca = new BuiltInCertificateAuthority(options.TrustDomain, options.DataDirectory, options.TimeProvider);
        _defaultTtl = options.DefaultCertificateTtl;
        _maxTtl = options.MaxCertificateTtl;
    }

    public string TrustDomain => _ca.TrustDomain;

    /// <summary>The lifetime a request gets: its own when positive, the default otherwise, never more than the maximum.</summary>
    public TimeSpan EffectiveTtl(long requestedSeconds)
    {
        var requested = requestedSeconds > 0 ? TimeSpan.FromSeconds(Math.Min(requestedSeconds, (long)TimeSpan.MaxValue.TotalSeconds - 1)) : _defaultTtl;
        return requested < _maxTtl ? requested : _maxTtl;
    }

    /// <summary>Signs the CSR for the workload the request names.</summary>
    /// <exception cref="ArgumentException">The request is malformed: bad CSR, namespace or service.</exception>
    public CertificateSignResponse Sign(CertificateSignRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Csr))
        {
            throw new ArgumentException("csr is required (a PEM PKCS#10 request).", nameof(request));
        }

        var id = new SpiffeId(TrustDomain, string.IsNullOrEmpty(request.Namespace) ? "default" : request.Namespace, request.Service ?? string.Empty);
        System.Security.Cryptography.X509Certificates.X509Certificate2 leaf;
        try
        {
            leaf = _ca.SignCsr(Encoding.ASCII.GetBytes(request.Csr), id, EffectiveTtl(request.TtlSeconds));
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"csr is not a valid PKCS#10 request: {e.Message}", nameof(request), e);
        }

        using (leaf)
        {
            return new CertificateSignResponse(
                leaf.ExportCertificatePem(),
                string.Empty,
                id.ToString(),
                new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        }
    }

    public TrustBundleResponse Roots() => new(TrustDomain, [_ca.Root.ExportCertificatePem()]);

    public void Dispose() => _ca.Dispose();
}
