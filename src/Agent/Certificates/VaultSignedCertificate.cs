using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Agent.Certificates;

/// <summary>A certificate Vault signed, with its locally generated key.</summary>
/// <param name="Context">The certificate with its key and the intermediates to send with it.</param>
/// <param name="Authorities">Every CA certificate Vault returned (<c>issuing_ca</c> and <c>ca_chain</c>, roots included).</param>
internal sealed record VaultSignedCertificate(SslStreamCertificateContext Context, X509Certificate2Collection Authorities);
