using System.Net.Security;
using System.Security.Authentication;

namespace Mesh.Identity.Tests;

public sealed class MeshTlsProtocolTests
{
    private static async Task<(WorkloadCertificate Api, WorkloadCertificate Web, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> Anchors)> IssueAsync(BuiltInCertificateAuthority ca)
    {
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        var api = await ca.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        var web = await ca.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        return (api, web, anchors);
    }

    [Fact]
    public async Task Handshake_DefaultOptions_NegotiatesTls13AndH2WithResumptionAllowed()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var (api, web, anchors) = await IssueAsync(ca);
        using var _ = api;
        using var __ = web;
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System);
        var clientTls = new MeshTls(() => web, anchors, TimeProvider.System);
        var serverOptions = serverTls.CreateServerOptions(requireClientCertificate: true);
        var clientOptions = clientTls.CreateClientOptions("prod/api");

        var outcome = await TlsLoopback.HandshakeAsync(serverOptions, clientOptions);

        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        Assert.Equal(SslProtocols.Tls13, outcome.Protocol);
        Assert.Equal(SslApplicationProtocol.Http2, outcome.Alpn);
        Assert.Equal(SslProtocols.Tls13, serverOptions.EnabledSslProtocols);
        Assert.True(serverOptions.AllowTlsResume);
        Assert.True(clientOptions.AllowTlsResume);
        Assert.True(clientTls.CreateHttpHandler("prod/api").SslOptions.AllowTlsResume);
    }

    [Fact]
    public async Task Handshake_Tls12OnlyClientAgainstDefaultServer_IsRefused()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var (api, web, anchors) = await IssueAsync(ca);
        using var _ = api;
        using var __ = web;
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System);
        var clientOptions = new MeshTls(() => web, anchors, TimeProvider.System).CreateClientOptions("prod/api");
        clientOptions.EnabledSslProtocols = SslProtocols.Tls12;

        var outcome = await TlsLoopback.HandshakeAsync(serverTls.CreateServerOptions(requireClientCertificate: true), clientOptions);

        Assert.NotNull(outcome.ServerError);
        Assert.NotNull(outcome.ClientError);
        Assert.Null(outcome.ServerSawClient);
    }

    [Fact]
    public async Task Handshake_Tls12OnlyClientAgainstServerAllowing12_IsAcceptedOnTls12()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var (api, web, anchors) = await IssueAsync(ca);
        using var _ = api;
        using var __ = web;
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System, new MeshTlsOptions { MinimumVersion = "1.2" }, null);
        var clientOptions = new MeshTls(() => web, anchors, TimeProvider.System).CreateClientOptions("prod/api");
        clientOptions.EnabledSslProtocols = SslProtocols.Tls12;

        var outcome = await TlsLoopback.HandshakeAsync(serverTls.CreateServerOptions(requireClientCertificate: true), clientOptions);

        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        Assert.Equal(SslProtocols.Tls12, outcome.Protocol);
        Assert.Equal(web.Id, outcome.ServerSawClient);
        Assert.Equal(api.Id, outcome.ClientSawServer);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.1")]
    [InlineData("tls13")]
    public void Constructor_UnsupportedMinimumVersion_Throws(string version)
    {
        var options = new MeshTlsOptions { MinimumVersion = version };

        var error = Assert.Throws<ArgumentException>(() => new MeshTls(() => throw new InvalidOperationException(), [], TimeProvider.System, options, null));

        Assert.Contains(version, error.Message, StringComparison.Ordinal);
    }
}
