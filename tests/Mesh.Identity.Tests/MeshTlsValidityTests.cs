using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Identity.Tests;

public sealed class MeshTlsValidityTests
{
    public static TheoryData<string, string, string, bool> Cases => new()
    {
        { "client", "expired", "expired at", false },
        { "server", "expired", "expired at", false },
        { "client", "not-yet-valid", "not valid before", false },
        { "server", "not-yet-valid", "not valid before", false },
        { "client", "expired", "expired at", true },
        { "server", "expired", "expired at", true },
        { "client", "not-yet-valid", "not valid before", true },
        { "server", "not-yet-valid", "not valid before", true },
    };

    /// <summary>The server side either way the agent builds it: fixed options, or the per-handshake selector.</summary>
    private static Task<TlsOutcome> HandshakeAsync(MeshTls server, bool selector, SslClientAuthenticationOptions clientOptions) => selector
        ? TlsLoopback.HandshakeAsync(server.CreateServerOptionsSelector(requireClientCertificate: true), clientOptions)
        : TlsLoopback.HandshakeAsync(server.CreateServerOptions(requireClientCertificate: true), clientOptions);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Handshake_PeerCertificateOutsideValidity_VerifyingSideRefusesWithReason(string side, string validity, string expectedReason, bool selector)
    {
        var now = TimeProvider.System.GetUtcNow();
        // The root is made a day back so that it covers the expired leaf's validity.
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, new FakeTimeProvider(now.AddDays(-1)));
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        var (notBefore, notAfter) = validity == "expired" ? (now.AddHours(-2), now.AddHours(-1)) : (now.AddHours(1), now.AddHours(2));
        using var good = TestCa.IssueLeaf(ca, TestCertificates.Id("prod", side == "client" ? "api" : "web"), now.AddMinutes(-1), now.AddHours(1));
        using var bad = TestCa.IssueLeaf(ca, TestCertificates.Id("prod", side == "client" ? "web" : "api"), notBefore, notAfter);
        var serverTls = new MeshTls(() => side == "server" ? bad : good, anchors, TimeProvider.System);
        var clientTls = new MeshTls(() => side == "client" ? bad : good, anchors, TimeProvider.System);
        var verifier = side == "client" ? serverTls : clientTls;
        var other = side == "client" ? clientTls : serverTls;
        var reasons = TestCa.CollectRejections(verifier);
        var otherReasons = TestCa.CollectRejections(other);

        var outcome = await HandshakeAsync(serverTls, selector, clientTls.CreateClientOptions("prod/api"));

        var verifierError = side == "client" ? outcome.ServerError : outcome.ClientError;
        Assert.IsType<AuthenticationException>(verifierError);
        Assert.NotNull(side == "client" ? outcome.ClientError : outcome.ServerError);
        var reason = Assert.Single(reasons);
        Assert.Contains(expectedReason, reason, StringComparison.Ordinal);
        Assert.Contains(validity == "expired" ? $"{notAfter.UtcDateTime:yyyy-MM-ddTHH:mm:ss}" : $"{notBefore.UtcDateTime:yyyy-MM-ddTHH:mm:ss}", reason, StringComparison.Ordinal);
        Assert.Empty(otherReasons);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handshake_VerifierClockPastClientExpiry_UsesInjectedTimeProviderAndRefuses(bool selector)
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, time);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await ca.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromDays(30), CancellationToken.None);
        using var web = await ca.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, anchors, time);
        var clientTls = new MeshTls(() => web, anchors, time);
        var reasons = TestCa.CollectRejections(serverTls);

        var before = await HandshakeAsync(serverTls, selector, clientTls.CreateClientOptions("prod/api"));
        time.Advance(TimeSpan.FromHours(2));
        var after = await HandshakeAsync(serverTls, selector, clientTls.CreateClientOptions("prod/api"));

        Assert.Null(before.ServerError);
        Assert.Equal(web.Id, before.ServerSawClient);
        Assert.IsType<AuthenticationException>(after.ServerError);
        Assert.Contains("expired at", Assert.Single(reasons), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handshake_ClientFromAnotherCa_ReasonNamesTheChainFailure(bool selector)
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        using var rogueCa = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        using var api = await ca.IssueAsync(TestCertificates.Id("prod", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        using var rogue = await rogueCa.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var serverTls = new MeshTls(() => api, anchors, TimeProvider.System);
        var reasons = TestCa.CollectRejections(serverTls);

        var outcome = await HandshakeAsync(serverTls, selector, new MeshTls(() => rogue, anchors, TimeProvider.System).CreateClientOptions("prod/api"));

        Assert.IsType<AuthenticationException>(outcome.ServerError);
        Assert.Contains("does not chain to a mesh trust anchor", Assert.Single(reasons), StringComparison.Ordinal);
    }
}
