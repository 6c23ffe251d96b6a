using System.Security.Cryptography.X509Certificates;
using Mesh.Identity;

namespace Mesh.Agent.Tests.Integration;

/// <summary>Issues from one CA while the test decides which roots the trust bundle holds (a root rotation in progress).</summary>
internal sealed class RotatingCertificateProvider(ICertificateProvider issuer, params X509Certificate2[] roots) : ICertificateProvider
{
    private volatile X509Certificate2[] _roots = roots;

    public int TrustReads { get; private set; }

    public void SetRoots(params X509Certificate2[] roots) => _roots = roots;

    public Task<WorkloadCertificate> IssueAsync(SpiffeId id, TimeSpan ttl, CancellationToken cancellationToken) => issuer.IssueAsync(id, ttl, cancellationToken);

    public Task<IReadOnlyList<X509Certificate2>> GetTrustAnchorsAsync(CancellationToken cancellationToken)
    {
        TrustReads++;
        return Task.FromResult<IReadOnlyList<X509Certificate2>>([.. _roots.Select(r => X509CertificateLoader.LoadCertificate(r.RawData))]);
    }
}
