using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Identity.Tests;

public sealed class MeshTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // One real loopback handshake (TlsLoopback); with a selector the server's options are chosen per connection.
    private static Task<TlsOutcome> HandshakeAsync(SslServerAuthenticationOptions? serverOptions, SslClientAuthenticationOptions clientOptions, ServerOptionsSelectionCallback? selector = null) =>
        selector is not null ? TlsLoopback.HandshakeAsync(selector, clientOptions) : TlsLoopback.HandshakeAsync(serverOptions!, clientOptions);

    [Fact]
    public async Task Handshake_BothFromMeshCa_ServerSeesClientSpiffeId()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await ca.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        using var web = await ca.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System);
        var clientTls = new MeshTls(() => web, anchors, TimeProvider.System);

        var outcome = await HandshakeAsync(serverTls.CreateServerOptions(requireClientCertificate: true), clientTls.CreateClientOptions(api.Id, "api.prod"));

        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        Assert.Equal(web.Id, outcome.ServerSawClient);
        Assert.Equal(api.Id, outcome.ClientSawServer);
        var viaSelector = await HandshakeAsync(null, clientTls.CreateClientOptions("prod/api"), serverTls.CreateServerOptionsSelector(requireClientCertificate: true));
        Assert.Null(viaSelector.ServerError);
        Assert.Equal(web.Id, viaSelector.ServerSawClient);
    }

    [Fact]
    public async Task Handshake_ClientCertificateFromAnotherCa_ServerRejects()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        using var rogueCa = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await ca.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        using var rogue = await rogueCa.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System);
        var rogueTls = new MeshTls(() => rogue, anchors, TimeProvider.System);

        var outcome = await HandshakeAsync(serverTls.CreateServerOptions(requireClientCertificate: true), rogueTls.CreateClientOptions("prod/api"));

        Assert.IsType<AuthenticationException>(outcome.ServerError);
        Assert.Null(outcome.ServerSawClient);
        Assert.NotNull(outcome.ClientError);
    }

    [Fact]
    public async Task Handshake_ServerIdDiffersFromExpected_ClientRejects()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        using var impostor = await ca.IssueAsync(TestCertificates.Id("prod", "billing"), TimeSpan.FromHours(1), CancellationToken.None);
        using var web = await ca.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => impostor, anchors, TimeProvider.System);
        var clientTls = new MeshTls(() => web, anchors, TimeProvider.System);

        var outcome = await HandshakeAsync(serverTls.CreateServerOptions(requireClientCertificate: true),
            clientTls.CreateClientOptions(TestCertificates.Id("prod", "api"), "api.prod"));

        Assert.IsType<AuthenticationException>(outcome.ClientError);
        Assert.NotNull(outcome.ServerError);
    }

    [Fact]
    public async Task Handshake_PermissiveServerAndClientWithoutCertificate_IsAcceptedWithoutPeerId()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await ca.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System);
        var clientOptions = new MeshTls(() => api, anchors, TimeProvider.System).CreateClientOptions("prod/*");
        clientOptions.ClientCertificateContext = null;

        var permissive = await HandshakeAsync(serverTls.CreateServerOptions(requireClientCertificate: false), clientOptions);
        var strict = await HandshakeAsync(serverTls.CreateServerOptions(requireClientCertificate: true), clientOptions);

        Assert.Null(permissive.ServerError);
        Assert.Null(permissive.ServerSawClient);
        Assert.Equal(api.Id, permissive.ClientSawServer);
        Assert.IsType<AuthenticationException>(strict.ServerError);
    }

    [Fact]
    public async Task ServerOptions_AfterRotation_NextHandshakeUsesNewCertificateWithoutRestart()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, time);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        await using var rotator = new CertificateRotator(ca, TestCertificates.Id("prod", "api"), new CertificateRotatorOptions { Ttl = TimeSpan.FromHours(2) }, time, new Random(5));
        var rotated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rotator.CertificateRotated += (_, _) => rotated.TrySetResult();
        var first = await rotator.StartAsync();
        using var web = await ca.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(24), CancellationToken.None);
        var serverOptions = new MeshTls(rotator, anchors, time).CreateServerOptions(requireClientCertificate: true);
        var serials = new List<string>();
        var clientOptions = new MeshTls(() => web, anchors, time).CreateClientOptions("prod/api");
        var validate = clientOptions.RemoteCertificateValidationCallback!;
        clientOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            serials.Add(certificate!.GetSerialNumberString());
            return validate(sender, certificate, chain, errors);
        };

        var before = await HandshakeAsync(serverOptions, clientOptions);
        time.Advance(rotator.NextRenewal!.Value - time.GetUtcNow());
        await rotated.Task.WaitAsync(Timeout);
        var after = await HandshakeAsync(serverOptions, clientOptions);

        Assert.Null(before.ClientError);
        Assert.Null(after.ClientError);
        Assert.Equal([first.Certificate.SerialNumber, rotator.Current.Certificate.SerialNumber], serials);
        Assert.NotEqual(serials[0], serials[1]);
    }
}
