using System.Net;
using System.Text;
using Mesh.Consul.Locking;
using Mesh.TestDoubles.Time;

namespace Mesh.Consul.Tests;

public sealed class LeaderElectionTests
{
    private static readonly LeaderElectionOptions Options = new()
    {
        Key = "mesh/controller/leader",
        Value = Encoding.UTF8.GetBytes("node-a"),
        SessionTtl = TimeSpan.FromSeconds(15),
    };

    [Fact]
    public async Task Start_LockAcquired_BecomesLeaderRenewsAtHalfTtlAndReleasesOnDispose()
    {
        var handler = new FakeConsulHandler(request => (request.Method.Method, request.Uri.AbsolutePath) switch
        {
            ("PUT", "/v1/session/create") => FakeConsulHandler.Json("""{"ID":"s1"}"""),
            ("PUT", "/v1/kv/mesh/controller/leader") => FakeConsulHandler.Json("true"),
            ("GET", "/v1/kv/mesh/controller/leader") => FakeConsulHandler.Json("""[{"Key":"mesh/controller/leader","Session":"s1"}]""", index: 3),
            ("PUT", "/v1/session/renew/s1") => FakeConsulHandler.Json("""[{"ID":"s1"}]"""),
            ("PUT", "/v1/session/destroy/s1") => FakeConsulHandler.Json("true"),
            _ => FakeConsulHandler.Text("unexpected", HttpStatusCode.BadRequest),
        });
        var time = new RecordingTimeProvider();
        var changes = new List<bool>();
        var election = new LeaderElection(FakeConsulHandler.Client(handler), Options, time);
        election.LeadershipChanged += (_, e) => changes.Add(e.IsLeader);

        election.Start();

        var create = await handler.NextAsync();
        Assert.Equal("""{"Name":"mesh-leader-election","TTL":"15s","Behavior":"release","LockDelay":"15s"}""", create.Body);
        var acquire = await handler.NextAsync();
        Assert.Equal("?acquire=s1", acquire.Uri.Query);
        Assert.Equal("node-a", acquire.Body);
        Assert.Equal(TimeSpan.FromSeconds(7.5), await time.NextTimerAsync());
        Assert.True(election.IsLeader);

        time.Advance(TimeSpan.FromSeconds(7.5));
        Assert.Equal("/v1/session/renew/s1", (await handler.NextAsync()).PathAndQuery);
        Assert.Equal(HttpMethod.Get, (await handler.NextAsync()).Method);
        await time.NextTimerAsync();
        Assert.True(election.IsLeader);

        await election.DisposeAsync();

        Assert.Equal("/v1/kv/mesh/controller/leader?release=s1", (await handler.NextAsync()).PathAndQuery);
        Assert.Equal("/v1/session/destroy/s1", (await handler.NextAsync()).PathAndQuery);
        Assert.False(election.IsLeader);
        Assert.Equal([true, false], changes);
    }

    [Fact]
    public async Task Renew_SessionInvalidated_StepsDownAndCampaignsWithNewSession()
    {
        var sessions = 0;
        var handler = new FakeConsulHandler(request => (request.Method.Method, request.Uri.AbsolutePath) switch
        {
            ("PUT", "/v1/session/create") => FakeConsulHandler.Json($$"""{"ID":"s{{++sessions}}"}"""),
            // The first session wins; the second meets the lock delay and loses.
            ("PUT", "/v1/kv/mesh/controller/leader") => FakeConsulHandler.Json(request.Uri.Query == "?acquire=s1" ? "true" : "false"),
            ("PUT", "/v1/session/renew/s1") => FakeConsulHandler.Text("Session id 's1' not found", HttpStatusCode.NotFound),
            ("PUT", "/v1/session/destroy/s2") => FakeConsulHandler.Json("true"),
            _ => FakeConsulHandler.Text("unexpected", HttpStatusCode.BadRequest),
        });
        var time = new RecordingTimeProvider();
        var changes = new List<bool>();
        await using var election = new LeaderElection(FakeConsulHandler.Client(handler), Options, time);
        election.LeadershipChanged += (_, e) => changes.Add(e.IsLeader);

        election.Start();
        await time.NextTimerAsync();
        Assert.True(election.IsLeader);
        time.Advance(TimeSpan.FromSeconds(7.5));
        await time.NextTimerAsync();

        Assert.False(election.IsLeader);
        Assert.Equal("s2", election.SessionId);
        Assert.Equal(
            ["/v1/session/create", "/v1/kv/mesh/controller/leader?acquire=s1", "/v1/session/renew/s1", "/v1/session/create", "/v1/kv/mesh/controller/leader?acquire=s2"],
            handler.Requests.Select(r => r.PathAndQuery));
        Assert.Equal([true, false], changes);
    }

    [Fact]
    public async Task Campaign_ConsulUnreachableForATtl_StepsDown()
    {
        var failing = false;
        var handler = new FakeConsulHandler(request =>
            failing ? throw new HttpRequestException("connection refused")
            : request.Uri.AbsolutePath == "/v1/session/create" ? FakeConsulHandler.Json("""{"ID":"s1"}""")
            : FakeConsulHandler.Json("true"));
        var time = new RecordingTimeProvider();
        await using var election = new LeaderElection(FakeConsulHandler.Client(handler), Options, time);

        election.Start();
        await time.NextTimerAsync();
        Assert.True(election.IsLeader);
        failing = true;

        time.Advance(TimeSpan.FromSeconds(7.5));
        await time.NextTimerAsync();
        Assert.True(election.IsLeader);
        time.Advance(TimeSpan.FromSeconds(7.5));
        await time.NextTimerAsync();
        Assert.False(election.IsLeader);
    }
}
