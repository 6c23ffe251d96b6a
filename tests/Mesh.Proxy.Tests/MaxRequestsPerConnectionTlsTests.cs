using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Proxy.Forwarding;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Tests;

// max_requests_per_connection composed with upstream TLS: the request counter sits outside the TLS layer.
public sealed class MaxRequestsPerConnectionTlsTests
{
    [Fact]
    public async Task Send_OverTlsWithLimitThree_EachTlsConnectionServesThree()
    {
        using var certificate = CreateCertificate();
        var connections = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        await using var backend = builder.Build();
        backend.Run(context =>
        {
            connections.Enqueue(context.Connection.Id);
            return context.Response.WriteAsync(context.Request.IsHttps ? "tls" : "plain");
        });
        await backend.StartAsync();
        var port = new Uri(backend.Urls.Single()).Port;

        var tls = new TrustOne(certificate.GetCertHashString());
        await using var proxy = await ProxyHarness.StartAsync(configure: s => s.AddSingleton<IUpstreamTlsProvider>(tls));
        var pool = new ConnectionPoolSettings { Http = new HttpPoolSettings { MaxRequestsPerConnection = 3 } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", new TrafficPolicy { ConnectionPool = pool })));
        proxy.Endpoints.Set("reviews", [new Mesh.Proxy.Endpoints.UpstreamEndpoint { Address = "127.0.0.1", Port = port }]);

        for (var i = 0; i < 12; i++)
        {
            using var response = await proxy.SendAsync("reviews");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("tls", await response.Content.ReadAsStringAsync());
        }

        var perConnection = connections.GroupBy(id => id).Select(group => group.Count()).ToArray();
        Assert.Equal(12, perConnection.Sum());
        Assert.Equal(4, perConnection.Length);
        Assert.All(perConnection, count => Assert.Equal(3, count));
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=reviews", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UnixEpoch.AddYears(50), DateTimeOffset.UnixEpoch.AddYears(70));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class TrustOne(string thumbprint) : IUpstreamTlsProvider
    {
        public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) => new()
        {
            TargetHost = "reviews",
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint,
        };
    }
}
