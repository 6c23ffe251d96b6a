using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Proxy.Forwarding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Proxy.Tests;

/// <summary>
/// Upstream TLS that cannot succeed (the provider rejects the server certificate, or dials a TLS-only server in plain
/// text as a destination rule's <c>tls disable</c> does): the caller gets a prompt 503, never a hang.
/// </summary>
public sealed class UpstreamTlsRefusalTests
{
    private static async Task<(HttpStatusCode Status, TimeSpan Took)> SendThroughAsync(IUpstreamTlsProvider tls)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var created = new CertificateRequest("CN=reviews", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch.AddYears(50), DateTimeOffset.UnixEpoch.AddYears(70));
        using var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        await using var backend = builder.Build();
        backend.Run(context => context.Response.WriteAsync("reached"));
        await backend.StartAsync();
        var port = new Uri(backend.Urls.Single()).Port;

        await using var proxy = await ProxyHarness.StartAsync(configure: s => s.AddSingleton(tls));
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews")));
        proxy.Endpoints.Set("reviews", [new Mesh.Proxy.Endpoints.UpstreamEndpoint { Address = "127.0.0.1", Port = port }]);

        var watch = Stopwatch.StartNew();
        using var response = await proxy.SendAsync("reviews");
        return (response.StatusCode, watch.Elapsed);
    }

    [Fact]
    public async Task Send_ServerCertificateRejected_Returns503Promptly()
    {
        var (status, took) = await SendThroughAsync(new Rejecting());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.True(took < TimeSpan.FromSeconds(10), "took " + took);
    }

    [Fact]
    public async Task Send_PlainTextToTlsOnlyServer_Returns503Promptly()
    {
        var (status, took) = await SendThroughAsync(new Plain());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.True(took < TimeSpan.FromSeconds(10), "took " + took);
    }

    private sealed class Rejecting : IUpstreamTlsProvider
    {
        public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) => new()
        {
            TargetHost = "reviews",
            RemoteCertificateValidationCallback = (_, _, _, _) => false,
        };
    }

    private sealed class Plain : IUpstreamTlsProvider
    {
        public SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) => null;
    }
}
