using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Vault;

namespace Mesh.Identity;

/// <summary>
/// Issues workload certificates through Vault's PKI secrets engine: the ECDSA P-256 key is created locally and
/// never leaves the process; a CSR carrying the SPIFFE id goes to <c>&lt;mount&gt;/sign/&lt;role&gt;</c> with
/// <c>uri_sans</c> set to the id. Trust anchors come from <c>&lt;mount&gt;/ca/pem</c> and <c>ca_chain</c>.
/// </summary>
public sealed class VaultPkiCertificateProvider : ICertificateProvider
{
    private readonly VaultClient _client;
    private readonly string _mount;
    private readonly string _role;

    /// <summary>Creates a provider for a PKI <paramref name="mount"/> (for example <c>pki_int</c>) and <paramref name="role"/>.</summary>
    public VaultPkiCertificateProvider(VaultClient client, string mount, string role)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ArgumentException.ThrowIfNullOrWhiteSpace(mount);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        _mount = mount;
        _role = role;
    }

    /// <inheritdoc />
    public async Task<WorkloadCertificate> IssueAsync(SpiffeId id, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var key = LeafCertificates.CreateKey();
        var csr = LeafCertificates.CreateRequest(key, id).CreateSigningRequestPem();
        var signed = await _client.SignAsync(_mount, _role, new PkiSignRequest
        {
            Csr = csr,
            UriSans = [id.ToString()],
            Ttl = ttl,
        }, cancellationToken).ConfigureAwait(false);

        using var leaf = X509Certificate2.CreateFromPem(signed.Certificate);
        if (!MeshTls.TryGetPeerSpiffeId(leaf, out var issuedId) || issuedId != id)
        {
            throw new CryptographicException($"Vault signed a certificate for {issuedId?.ToString() ?? "no SPIFFE id"}, not {id}.");
        }

        var withKey = leaf.CopyWithPrivateKey(key);
        var chain = new List<X509Certificate2>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { leaf.Thumbprint };
        foreach (var pem in signed.CaChain.Count > 0 ? signed.CaChain : [signed.IssuingCa])
        {
            foreach (var certificate in LeafCertificates.ReadPemCertificates(pem))
            {
                if (seen.Add(certificate.Thumbprint))
                {
                    chain.Add(certificate);
                }
                else
                {
                    certificate.Dispose();
                }
            }
        }

        return new WorkloadCertificate(withKey, chain, id);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<X509Certificate2>> GetTrustAnchorsAsync(CancellationToken cancellationToken)
    {
        var caPem = await _client.GetCaPemAsync(_mount, cancellationToken).ConfigureAwait(false);
        var chainPem = await _client.GetCaChainPemAsync(_mount, cancellationToken).ConfigureAwait(false);
        var anchors = new List<X509Certificate2>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var certificate in LeafCertificates.ReadPemCertificates(caPem + "\n" + chainPem))
        {
            if (seen.Add(certificate.Thumbprint))
            {
                anchors.Add(certificate);
            }
            else
            {
                certificate.Dispose();
            }
        }

        return anchors;
    }
}
