using System.Security.Cryptography.X509Certificates;
using Mesh.Agent.Certificates;
using Mesh.Agent.Configuration;
using Mesh.Agent.State;
using Mesh.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>The trust bundle is refreshed without a restart, and a root rotation keeps old and new roots trusted during the overlap.</summary>
public sealed class TrustBundleRefreshTests
{
    private static readonly SpiffeId Api = new("mesh.local", "default", "api");
    private static readonly SpiffeId Web = new("mesh.local", "default", "web");

    [Fact]
    public async Task Refresh_NewRootAdded_PeerOfNewRootAcceptedAndOldRootStillAcceptedDuringOverlap()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var newCa = new BuiltInCertificateAuthority("mesh.local", null, TimeProvider.System);
        var oldRoot = env.Ca.Root;
        var provider = new RotatingCertificateProvider(env.Ca, oldRoot);
        var app = await env.StartAppAsync("api");
        var agent = await Mesh.Agent.Hosting.AgentHost.StartAsync(env.Options("node-t", Service("api", app.Port)), provider, null, CancellationToken.None);
        await using var agentScope = agent;
        var inbound = agent.GetInboundEndPoint("api")!;
        using var oldPeer = await env.Ca.IssueAsync(Web, TimeSpan.FromHours(1), CancellationToken.None);
        using var newPeer = await newCa.IssueAsync(Web, TimeSpan.FromHours(1), CancellationToken.None);
        Assert.Null(await MeshPeerClient.GetAsync(inbound, newPeer, [oldRoot], Api));

        provider.SetRoots(oldRoot, newCa.Root);
        Assert.True(await agent.RefreshTrustBundleAsync(CancellationToken.None));

        Assert.Contains("URI=spiffe://mesh.local/ns/default/svc/web", await MeshPeerClient.GetAsync(inbound, newPeer, [oldRoot], Api), StringComparison.Ordinal);
        Assert.Contains("URI=spiffe://mesh.local/ns/default/svc/web", await MeshPeerClient.GetAsync(inbound, oldPeer, [oldRoot], Api), StringComparison.Ordinal);
        Assert.Equal(2, agent.TrustBundle.Current.Count);

        provider.SetRoots(newCa.Root);
        Assert.True(await agent.RefreshTrustBundleAsync(CancellationToken.None));

        Assert.Null(await MeshPeerClient.GetAsync(inbound, oldPeer, [oldRoot], Api));
        Assert.NotNull(await MeshPeerClient.GetAsync(inbound, newPeer, [oldRoot], Api));
    }

    [Fact]
    public async Task Refresh_ProviderFails_CurrentBundleKept()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.local", null, TimeProvider.System);
        var provider = new RotatingCertificateProvider(ca, ca.Root);
        var store = new LastKnownGoodStore(Path.Combine(Path.GetTempPath(), "mesh-trust-" + Guid.NewGuid().ToString("N")));
        var bundle = new TrustBundle(provider, store, NullLogger.Instance);
        await bundle.LoadAsync(CancellationToken.None);

        provider.SetRoots();

        Assert.False(await bundle.RefreshAsync(CancellationToken.None));
        Assert.Equal(ca.Root.Thumbprint, Assert.Single(bundle.Current).Thumbprint);
    }

    [Fact]
    public async Task Refresher_IntervalElapses_BundleReReadAndChangedRaised()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.local", null, TimeProvider.System);
        using var next = new BuiltInCertificateAuthority("mesh.local", null, TimeProvider.System);
        var provider = new RotatingCertificateProvider(ca, ca.Root);
        var store = new LastKnownGoodStore(Path.Combine(Path.GetTempPath(), "mesh-trust-" + Guid.NewGuid().ToString("N")));
        var bundle = new TrustBundle(provider, store, NullLogger.Instance);
        await bundle.LoadAsync(CancellationToken.None);
        var time = new FakeTimeProvider();
        var changed = new TaskCompletionSource<IReadOnlyList<X509Certificate2>>(TaskCreationOptions.RunContinuationsAsynchronously);
        bundle.Changed += anchors => changed.TrySetResult(anchors);
        await using var refresher = new TrustBundleRefresher(bundle, new CertificateSettings().TrustBundleRefresh, time);
        refresher.Start();
        provider.SetRoots(ca.Root, next.Root);

        // The refresher waits on the fake clock; advance until its timer is registered and fires.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!changed.Task.IsCompleted && !timeout.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            await Task.WhenAny(changed.Task, Task.Delay(20, timeout.Token));
        }

        Assert.Equal(2, (await changed.Task.WaitAsync(timeout.Token)).Count);
        Assert.Equal(2, bundle.Current.Count);
    }

    [Fact]
    public void CertificatesBlock_TrustBundleRefresh_ParsedAndDefaultsToFiveMinutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), AgentConfigLoader.Parse("", "agent.hcl").Certificates.TrustBundleRefresh);
        Assert.Equal(TimeSpan.FromSeconds(90), AgentConfigLoader.Parse("certificates {\n  trust_bundle_refresh = \"90s\"\n}\n", "agent.hcl").Certificates.TrustBundleRefresh);
    }
}
