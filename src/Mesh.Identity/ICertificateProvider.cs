using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity;

/// <summary>Issues workload certificates for SPIFFE ids and tells which roots they chain to.</summary>
public interface ICertificateProvider
{
    /// <summary>Issues a certificate (with its private key) whose URI SAN is <paramref name="id"/>.</summary>
    Task<WorkloadCertificate> IssueAsync(SpiffeId id, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>The certificates peers must chain to (roots, and intermediates where the provider has them).</summary>
    Task<IReadOnlyList<X509Certificate2>> GetTrustAnchorsAsync(CancellationToken cancellationToken);
}
