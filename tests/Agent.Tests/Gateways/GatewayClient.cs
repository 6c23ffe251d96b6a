using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Agent.Tests.Gateways;

/// <summary>A client "from outside": connects to the gateway on 127.0.0.1 whatever host the URL names.</summary>
internal static class GatewayClient
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage? Response)> GetAsync(int port, string url, RemoteCertificateValidationCallback? trust = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = trust;
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var response = await client.GetAsync(new Uri(url));
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message, null);
        }
    }

    /// <summary>The certificate the server on <paramref name="port"/> presents for <paramref name="sni"/>.</summary>
    public static async Task<X509Certificate2?> ServedCertificateAsync(int port, string sni, RemoteCertificateValidationCallback trust)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = sni, RemoteCertificateValidationCallback = trust });
        return ssl.RemoteCertificate is { } certificate ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
    }
}
