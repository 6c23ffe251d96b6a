using System.Net;
using Mesh.Snapshots.Security;
using static Mesh.Agent.Tests.Listeners.InboundListenerFixture;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>Real sockets: the inbound listener applies the peer authentication mode of its workload port.</summary>
public sealed class InboundListenerPeerAuthenticationTests
{
    [Fact]
    public async Task StrictWorkload_PermissiveOnItsPort_AcceptsPlainText()
    {
        await using var fixture = await StartAsync(port => new InboundPolicy
        {
            Mode = PeerAuthenticationMode.Strict,
            PortModes = new Dictionary<int, PeerAuthenticationMode> { [port] = PeerAuthenticationMode.Permissive },
        });
        using var plain = fixture.PlainClient();
        using var mtls = await fixture.MutualTlsClientAsync("web");

        var (status, body) = await GetAsync(plain);
        var (mtlsStatus, mtlsBody) = await GetAsync(mtls);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("api|", body);
        Assert.Equal(HttpStatusCode.OK, mtlsStatus);
        Assert.Equal("api|URI=spiffe://mesh.local/ns/default/svc/web", mtlsBody);
    }

    [Fact]
    public async Task StrictWorkload_PermissiveOnAnotherPort_RefusesPlainText()
    {
        await using var fixture = await StartAsync(port => new InboundPolicy
        {
            Mode = PeerAuthenticationMode.Strict,
            PortModes = new Dictionary<int, PeerAuthenticationMode> { [port + 1] = PeerAuthenticationMode.Permissive },
        });
        using var plain = fixture.PlainClient();
        using var mtls = await fixture.MutualTlsClientAsync("web");

        Assert.Equal((HttpStatusCode)0, (await GetAsync(plain)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(mtls)).Status);
    }

    [Fact]
    public async Task PermissiveWorkload_StrictOnItsPort_RefusesPlainText()
    {
        await using var fixture = await StartAsync(port => new InboundPolicy
        {
            Mode = PeerAuthenticationMode.Permissive,
            PortModes = new Dictionary<int, PeerAuthenticationMode> { [port] = PeerAuthenticationMode.Strict },
        });
        using var plain = fixture.PlainClient();

        Assert.Equal((HttpStatusCode)0, (await GetAsync(plain)).Status);
    }

    [Fact]
    public async Task DisableOnItsPort_PlainTextOnly()
    {
        await using var fixture = await StartAsync(port => new InboundPolicy
        {
            Mode = PeerAuthenticationMode.Strict,
            PortModes = new Dictionary<int, PeerAuthenticationMode> { [port] = PeerAuthenticationMode.Disable },
        });
        using var plain = fixture.PlainClient();
        using var mtls = await fixture.MutualTlsClientAsync("web");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(plain)).Status);
        Assert.Equal((HttpStatusCode)0, (await GetAsync(mtls)).Status);
    }
}
