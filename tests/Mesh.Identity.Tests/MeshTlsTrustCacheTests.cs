using System.Security.Authentication;

namespace Mesh.Identity.Tests;

/// <summary>
/// The chain policy is prepared once per trust bundle and reused: a replaced bundle must take effect on the next
/// handshake, concurrent handshakes must not see each other's peers, and the per-handshake options must not build the
/// peer's chain twice.
/// </summary>
public sealed class MeshTlsTrustCacheTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TrustAnchors_Replaced_NextHandshakeUsesNewBundle(bool selector)
    {
        using var meshCa = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        using var nextCa = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var meshAnchors = await meshCa.GetTrustAnchorsAsync(CancellationToken.None);
        var nextAnchors = await nextCa.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await meshCa.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        using var oldWeb = await meshCa.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        using var newWeb = await nextCa.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, meshAnchors, TimeProvider.System);
        var oldClient = new MeshTls(() => oldWeb, meshAnchors, TimeProvider.System);
        var newClient = new MeshTls(() => newWeb, meshAnchors, TimeProvider.System);
        var options = serverTls.CreateServerOptions(requireClientCertificate: true);
        var select = serverTls.CreateServerOptionsSelector(requireClientCertificate: true);
        Task<TlsOutcome> Handshake(MeshTls client) => selector
            ? TlsLoopback.HandshakeAsync(select, client.CreateClientOptions("prod/api"))
            : TlsLoopback.HandshakeAsync(options, client.CreateClientOptions("prod/api"));

        var oldBefore = await Handshake(oldClient);
        var newBefore = await Handshake(newClient);
        serverTls.TrustAnchors = nextAnchors;
        var oldAfter = await Handshake(oldClient);
        var newAfter = await Handshake(newClient);

        Assert.Null(oldBefore.ServerError);
        Assert.IsType<AuthenticationException>(newBefore.ServerError);
        Assert.IsType<AuthenticationException>(oldAfter.ServerError);
        Assert.Null(newAfter.ServerError);
        Assert.Equal(newWeb.Id, newAfter.ServerSawClient);
        Assert.Same(nextAnchors, serverTls.TrustAnchors);
    }

    [Fact]
    public async Task TrustAnchors_ReplacedAfterClientOptionsWereCreated_HandshakeUsesNewBundle()
    {
        using var meshCa = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        using var nextCa = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var meshAnchors = await meshCa.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await meshCa.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        using var web = await meshCa.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, meshAnchors, TimeProvider.System);
        var clientTls = new MeshTls(() => web, meshAnchors, TimeProvider.System);
        var reasons = TestCa.CollectRejections(clientTls);
        var clientOptions = clientTls.CreateClientOptions("prod/api");

        clientTls.TrustAnchors = await nextCa.GetTrustAnchorsAsync(CancellationToken.None);
        var outcome = await TlsLoopback.HandshakeAsync(serverTls.CreateServerOptionsSelector(requireClientCertificate: true), clientOptions);

        Assert.IsType<AuthenticationException>(outcome.ClientError);
        Assert.Contains("does not chain to a mesh trust anchor", Assert.Single(reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_ConcurrentTrustedAndRogueClientsThroughOneSelector_EachJudgedOnItsOwn()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        using var rogueCa = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await ca.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        using var web = await ca.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        using var rogue = await rogueCa.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System);
        var webTls = new MeshTls(() => web, anchors, TimeProvider.System);
        var rogueTls = new MeshTls(() => rogue, anchors, TimeProvider.System);
        var selector = serverTls.CreateServerOptionsSelector(requireClientCertificate: true);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            TlsLoopback.HandshakeAsync(selector, (i % 2 == 0 ? webTls : rogueTls).CreateClientOptions("prod/api"))));

        for (var i = 0; i < outcomes.Length; i++)
        {
            if (i % 2 == 0)
            {
                Assert.Null(outcomes[i].ServerError);
                Assert.Equal(web.Id, outcomes[i].ServerSawClient);
            }
            else
            {
                Assert.IsType<AuthenticationException>(outcomes[i].ServerError);
            }
        }
    }

    [Fact]
    public async Task Handshake_SelectorAndPerConnectionClientOptions_ChainIsBuiltOnceBySslStream()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await ca.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        using var web = await ca.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System);
        var clientTls = new MeshTls(() => web, anchors, TimeProvider.System);

        var outcome = await TlsLoopback.HandshakeAsync(serverTls.CreateServerOptionsSelector(requireClientCertificate: true), clientTls.CreateClientOptions("prod/api"));

        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        Assert.Equal(web.Id, outcome.ServerSawClient);
        Assert.Equal(api.Id, outcome.ClientSawServer);
        Assert.Equal(0, serverTls.OwnChainBuilds);
        Assert.Equal(0, clientTls.OwnChainBuilds);
    }
}
