using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Cli.Connection;

/// <summary>Builds the HTTP handler meshctl talks to the controller through: a short connect timeout and, with a CA file, trust in that CA only.</summary>
internal static class ControllerHttpHandler
{
    /// <summary>How long to wait for the TCP (and TLS) connection before calling the controller unreachable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Creates the handler; the caller disposes it.</summary>
    /// <param name="caFile">A PEM file of CA certificates to trust for an https controller, or null for the system roots.</param>
    /// <exception cref="MeshctlConfigException">The CA file cannot be read or holds no certificate.</exception>
    public static SocketsHttpHandler Create(ConfigSetting? caFile)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
        if (caFile is null)
        {
            return handler;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile.Value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            handler.Dispose();
            throw new MeshctlConfigException($"{caFile.Where}: cannot read the CA file {caFile.Value}: {e.Message}", e);
        }

        if (roots.Count == 0)
        {
            handler.Dispose();
            throw new MeshctlConfigException($"{caFile.Where}: the CA file {caFile.Value} holds no PEM certificate.");
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        return handler;
    }
}
