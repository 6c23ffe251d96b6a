using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Proxy.Forwarding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Proxy.Tests;

public sealed class UpstreamTlsTests
{
    [Fact]
    public async Task Send_TlsUpstreamOfferingH2AndHttp11_NegotiatesHttp11AndSucceeds()
    {
        using var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http1AndHttp2;
            l.UseHttps(certificate);
        }));
        await using var backend = builder.Build();
        backend.Run(context => context.Response.WriteAsync("over " + context.Request.Protocol));
        await backend.StartAsync();
        var port = new Uri(backend.Urls.Single()).Port;

        // The provider offers h2 and http/1.1, as MeshTls does for the mesh's inbound listeners.
        var tls = new OfferingBoth(certificate.GetCertHashString());
        await using var proxy = await ProxyHarness.StartAsync(configure: s => s.AddSingleton<IUpstreamTlsProvider>(tls));
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews")));
        proxy.Endpoints.Set("reviews", [new Mesh.Proxy.Endpoints.UpstreamEndpoint { Address = "127.0.0.1", Port = port }]);

        using var response = await proxy.SendAsync("reviews");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("over HTTP/1.1", await response.Content.ReadAsStringAsync());
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=reviews", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UnixEpoch.AddYears(50), DateTimeOffset.UnixEpoch.AddYears(70));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class OfferingBoth(string thumbprint) : IUpstreamTlsProvider
    {
        public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) => new()
        {
            TargetHost = "reviews",
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint,
        };
    }
}
