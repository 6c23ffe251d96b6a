using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mesh.Identity;

namespace Mesh.Agent.Tests.Integration;

/// <summary>A mesh peer in a test: dials an agent's inbound listener with mTLS and sends one HTTP/1.1 request.</summary>
internal static class MeshPeerClient
{
    /// <summary>
    /// Calls <paramref name="inbound"/> (an unspecified address is dialled on loopback) as <paramref name="client"/>,
    /// checking the server presents <paramref name="expectedServer"/> under <paramref name="anchors"/>.
    /// Returns the response (status line to body), or null when the handshake or the connection failed.
    /// </summary>
    public static async Task<string?> GetAsync(IPEndPoint inbound, WorkloadCertificate client, IReadOnlyList<X509Certificate2> anchors, SpiffeId expectedServer, string path = "/")
    {
        var target = inbound.Address.Equals(IPAddress.Any) || inbound.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.Loopback, inbound.Port) : inbound;
        var tls = new MeshTls(() => client, anchors, TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(target, timeout.Token);
            await using var ssl = new SslStream(tcp.GetStream());
            await ssl.AuthenticateAsClientAsync(tls.CreateClientOptions(expectedServer, expectedServer.Service), timeout.Token);
            await ssl.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {expectedServer.Service}\r\nConnection: close\r\n\r\n"), timeout.Token);
            using var reader = new StreamReader(ssl, Encoding.UTF8);
            var response = await reader.ReadToEndAsync(timeout.Token);
            return response.Length == 0 ? null : response;
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>True when a TCP connection to <paramref name="endPoint"/> (on loopback) is accepted.</summary>
    public static async Task<bool> AcceptsConnectionsAsync(IPEndPoint endPoint)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endPoint.Port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
