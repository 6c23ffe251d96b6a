using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// TLS origination towards hosts outside the mesh (a <c>service_entry</c> port with protocol <c>https</c> or <c>tls</c>):
/// the endpoints marked here are dialled with TLS to the entry's host name (SNI and certificate name), the server
/// certificate checked against the system roots, or <paramref name="trust"/> when given (tests, private CAs).
/// </summary>
internal sealed class TlsOrigination(X509Certificate2Collection? trust)
{
    private readonly ConcurrentDictionary<string, string> _serverNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Marks <c>address:port</c> as reached with TLS to <paramref name="serverName"/>.</summary>
    public void Originate(string address, int port, string serverName) => _serverNames[Key(address, port)] = serverName;

    /// <summary>The client options for <paramref name="endpoint"/>, or null when it is not marked (plain TCP).</summary>
    public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!_serverNames.TryGetValue(Key(endpoint.Host, endpoint.Port), out var serverName))
        {
            return null;
        }

        var options = new SslClientAuthenticationOptions { TargetHost = serverName };
        if (trust is not null)
        {
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(trust);
        }

        return options;
    }

    private static string Key(string address, int port) => address + ":" + port.ToString(CultureInfo.InvariantCulture);
}
