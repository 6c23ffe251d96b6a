using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Mesh.DevCatalog.Hosting;

/// <summary>Turns <see cref="DevCatalogTlsOptions"/> into Kestrel's HTTPS settings.</summary>
internal static class DevCatalogTls
{
    /// <summary>Loads the PEM files; with a client CA, requires client certificates chaining to it (custom root trust).</summary>
    public static HttpsConnectionAdapterOptions CreateHttpsOptions(DevCatalogTlsOptions tls)
    {
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile),
        };

        if (!string.IsNullOrEmpty(tls.ClientCaFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(tls.ClientCaFile);
            if (roots.Count == 0)
            {
                throw new ArgumentException($"The client CA file '{tls.ClientCaFile}' holds no PEM certificate.", nameof(tls));
            }

            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => ChainsTo(certificate, roots);
        }

        return https;
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return chain.Build(certificate);
    }
}
