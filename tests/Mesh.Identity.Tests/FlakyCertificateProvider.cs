using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity.Tests;

/// <summary>Wraps a provider and fails the next <see cref="FailuresToInject"/> issues.</summary>
internal sealed class FlakyCertificateProvider(ICertificateProvider inner) : ICertificateProvider
{
    private int _issued;

    public int FailuresToInject { get; set; }

    public int Attempts => Volatile.Read(ref _issued);

    public Task<WorkloadCertificate> IssueAsync(SpiffeId id, TimeSpan ttl, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _issued);
        if (FailuresToInject > 0)
        {
            FailuresToInject--;
            throw new HttpRequestException("CA unreachable");
        }

        return inner.IssueAsync(id, ttl, cancellationToken);
    }

    public Task<IReadOnlyList<X509Certificate2>> GetTrustAnchorsAsync(CancellationToken cancellationToken) =>
        inner.GetTrustAnchorsAsync(cancellationToken);
}
