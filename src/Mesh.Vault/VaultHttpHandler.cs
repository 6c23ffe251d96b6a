using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Vault;

/// <summary>Builds the HTTP handler of a <see cref="VaultClient"/> from the TLS settings of <see cref="VaultClientOptions"/>.</summary>
public static class VaultHttpHandler
{
    /// <summary>
    /// A handler that trusts only the certificates of <see cref="VaultClientOptions.CaFile"/> when it is set (custom root
    /// trust, so a system CA cannot vouch for a fake Vault), presents <see cref="VaultClientOptions.CertFile"/> /
    /// <see cref="VaultClientOptions.KeyFile"/> as client certificate and checks Vault's name against
    /// <see cref="VaultClientOptions.TlsServerName"/> when set. Files are read now: a missing or bad file throws here.
    /// </summary>
    public static SocketsHttpHandler Create(VaultClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ssl = new SslClientAuthenticationOptions();
        if (!string.IsNullOrWhiteSpace(options.TlsServerName))
        {
            ssl.TargetHost = options.TlsServerName;
        }

        if (!string.IsNullOrWhiteSpace(options.CaFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.CaFile);
            if (roots.Count == 0)
            {
                throw new CryptographicException($"The Vault CA file {options.CaFile} holds no certificate.");
            }

            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
            ssl.CertificateChainPolicy = policy;
        }

        if (!string.IsNullOrWhiteSpace(options.CertFile) || !string.IsNullOrWhiteSpace(options.KeyFile))
        {
            if (string.IsNullOrWhiteSpace(options.CertFile) || string.IsNullOrWhiteSpace(options.KeyFile))
            {
                throw new ArgumentException("A Vault client certificate needs both CertFile and KeyFile.", nameof(options));
            }

            var client = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(options.CertFile);
            var intermediates = new X509Certificate2Collection(chain.Skip(1).ToArray());
            ssl.ClientCertificateContext = SslStreamCertificateContext.Create(client, intermediates, offline: true);
        }

        return new SocketsHttpHandler
        {
            SslOptions = ssl,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }
}
