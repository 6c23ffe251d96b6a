using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.ControllerApi;
using Mesh.Identity;

namespace Mesh.Agent.Certificates;

/// <summary>
/// Certificates from the controller's built-in CA: the P-256 key is generated here and never leaves the agent;
/// only a CSR carrying the SPIFFE id goes to the controller.
/// </summary>
public sealed class ControllerCaCertificateProvider : ICertificateProvider
{
    private readonly ControllerClient _client;

    /// <summary>Creates the provider over a controller client.</summary>
    public ControllerCaCertificateProvider(ControllerClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <inheritdoc />
    public async Task<WorkloadCertificate> IssueAsync(SpiffeId id, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var key = Pem.CreateKey();
        var csr = Pem.CreateCsr(key, id);
        var signed = await _client.SignCertificateAsync(
            new CertificateSignRequest(csr, id.Namespace, id.Service, (long)ttl.TotalSeconds), cancellationToken).ConfigureAwait(false);

        using var leaf = X509Certificate2.CreateFromPem(signed.CertificatePem);
        if (!MeshTls.TryGetPeerSpiffeId(leaf, out var issued) || issued != id)
        {
            throw new CryptographicException($"The controller signed a certificate for {issued?.ToString() ?? "no SPIFFE id"}, not {id}.");
        }

        var chain = string.IsNullOrWhiteSpace(signed.ChainPem) ? [] : Pem.ReadCertificates(signed.ChainPem);
        return new WorkloadCertificate(leaf.CopyWithPrivateKey(key), chain, id);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<X509Certificate2>> GetTrustAnchorsAsync(CancellationToken cancellationToken)
    {
        var bundle = await _client.GetTrustBundleAsync(cancellationToken).ConfigureAwait(false);
        var roots = new List<X509Certificate2>();
        foreach (var pem in bundle.RootsPem)
        {
            roots.AddRange(Pem.ReadCertificates(pem));
        }

        return roots;
    }
}
