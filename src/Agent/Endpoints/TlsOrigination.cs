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
/// Every endpoint of a <c>service_entry</c> is also recorded with its destination (host, entry port, labels) so that a
/// destination rule's <c>tls</c> can apply to it (<see cref="EgressTlsProvider"/>).
/// </summary>
internal sealed class TlsOrigination(X509Certificate2Collection? trust)
{
    private readonly ConcurrentDictionary<string, string> _serverNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ExternalDestination> _destinations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The trust for origination without a destination rule's <c>ca_certificates</c>: null for the system roots.</summary>
    public X509Certificate2Collection? Trust => trust;

    /// <summary>Marks <c>address:port</c> as reached with TLS to <paramref name="serverName"/>.</summary>
    public void Originate(string address, int port, string serverName) => _serverNames[Key(address, port)] = serverName;

    /// <summary>Records that <c>address:port</c> is an endpoint of <paramref name="host"/>'s entry port <paramref name="entryPort"/>.</summary>
    public void Record(string address, int port, string host, int entryPort, IReadOnlyDictionary<string, string> labels) =>
        _destinations[Key(address, port)] = new ExternalDestination(host, entryPort, labels);

    /// <summary>The destination recorded for <paramref name="endpoint"/>, or null.</summary>
    public ExternalDestination? DestinationOf(DnsEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _destinations.TryGetValue(Key(endpoint.Host, endpoint.Port), out var destination) ? destination : null;
    }

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
