using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Proxy.Forwarding;
using Mesh.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Proxy.Tests;

public sealed class TcpTlsTests
{
    [Fact]
    public async Task Connection_WithUpstreamTlsProvider_SpeaksTlsUpstreamAndReportsMutualTls()
    {
        using var certificate = CreateCertificate();
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(8);
        var backend = ServeTlsEchoAsync(server, certificate);
        var tls = new PinnedTls(certificate.GetCertHashString());
        var snapshot = new ProxySnapshot { Version = "1", Host = "db" };
        await using var proxy = TcpHarness.Create(configure: s => s.AddSingleton<IUpstreamTlsProvider>(tls)).Load(snapshot).Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(((IPEndPoint)server.LocalEndPoint!).Port));

        using (var client = await TcpClientHelper.ConnectAsync(proxy.EndPoint))
        {
            await client.SendAsync("hello over tls"u8.ToArray(), SocketFlags.None);
            client.Shutdown(SocketShutdown.Send);
            var (data, reset) = await TcpClientHelper.ReadToEndAsync(client, TimeSpan.FromSeconds(20));
            Assert.False(reset);
            Assert.Equal("hello over tls"u8.ToArray(), data);
        }

        Assert.True(await backend.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, tls.Calls);
        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Sum("mesh.tcp.connections.closed", ("connection_security_policy", "mutual_tls")) == 1));
        Assert.Equal(14, proxy.Sum("mesh.tcp.sent", ("connection_security_policy", "mutual_tls")));
    }

    private static async Task<bool> ServeTlsEchoAsync(Socket server, X509Certificate2 certificate)
    {
        using var socket = await server.AcceptAsync();
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await ssl.AuthenticateAsServerAsync(certificate);
        var buffer = new byte[1024];
        int read;
        while ((read = await ssl.ReadAsync(buffer)) > 0)
        {
            await ssl.WriteAsync(buffer.AsMemory(0, read));
        }

        await ssl.ShutdownAsync();
        socket.Shutdown(SocketShutdown.Send);
        return true;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=db", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UnixEpoch.AddYears(55);
        using var created = request.CreateSelfSigned(now.AddYears(-1), now.AddYears(10));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class PinnedTls(string thumbprint) : IUpstreamTlsProvider
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint)
        {
            Interlocked.Increment(ref _calls);
            return new SslClientAuthenticationOptions
            {
                TargetHost = "db",
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint,
            };
        }
    }
}
