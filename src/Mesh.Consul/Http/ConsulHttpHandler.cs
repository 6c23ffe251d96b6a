using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Consul.Http;

/// <summary>Builds the primary HTTP handler of a Consul client, with the TLS settings of <see cref="ConsulClientOptions"/>.</summary>
public static class ConsulHttpHandler
{
    /// <summary>
    /// Creates a <see cref="SocketsHttpHandler"/>: with <see cref="ConsulClientOptions.CaFile"/> the server's certificate must
    /// chain to those roots only (custom root trust); with <see cref="ConsulClientOptions.CertFile"/> and
    /// <see cref="ConsulClientOptions.KeyFile"/> the client certificate is presented. The PEM files are read now.
    /// </summary>
    /// <param name="options">The client options.</param>
    /// <returns>A handler the caller owns (give it to an <see cref="HttpClient"/>).</returns>
    /// <exception cref="ArgumentException">Only one of CertFile and KeyFile is set.</exception>
    public static SocketsHttpHandler Create(ConsulClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

        if (!string.IsNullOrEmpty(options.CaFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.CaFile);
            if (roots.Count == 0)
            {
                throw new ArgumentException($"The CA file '{options.CaFile}' holds no PEM certificate.", nameof(options));
            }

            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        var hasCert = !string.IsNullOrEmpty(options.CertFile);
        var hasKey = !string.IsNullOrEmpty(options.KeyFile);
        if (hasCert != hasKey)
        {
            throw new ArgumentException("CertFile and KeyFile must be set together (the client certificate and its private key).", nameof(options));
        }

        if (hasCert)
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.CertFile!, options.KeyFile);
            handler.SslOptions.ClientCertificates = [certificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        if (!string.IsNullOrEmpty(options.TlsServerName))
        {
            // SNI and the name check follow the Host header (ConsulHttp sets it); the name is checked here as well.
            var name = options.TlsServerName;
            var chainPolicy = handler.SslOptions.CertificateChainPolicy;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateWithServerName(certificate, chainPolicy, errors, name);
        }

        return handler;
    }

    private static bool ValidateWithServerName(X509Certificate? certificate, X509ChainPolicy? policy, SslPolicyErrors errors, string name)
    {
        if (certificate is not X509Certificate2 server || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        if (policy is not null)
        {
            using var chain = new X509Chain { ChainPolicy = policy.Clone() };
            if (!chain.Build(server))
            {
                return false;
            }
        }
        else if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        return server.MatchesHostname(name);
    }
}
