using System.Net;
using System.Net.Sockets;

namespace Mesh.Consul.Tests;

public sealed class ConsulErrorTests
{
    [Fact]
    public async Task PutAsync_403PermissionDenied_ThrowsPermissionDeniedNamingTheRequest()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Text("Permission denied", HttpStatusCode.Forbidden));

        var error = await Assert.ThrowsAsync<ConsulPermissionDeniedException>(
            () => FakeConsulHandler.Client(handler).Kv.PutAsync("config/app", "x"u8.ToArray()));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("PUT /v1/kv/config/app", error.Operation);
        Assert.False(error.TokenNotFound);
        Assert.Contains("Consul refused PUT /v1/kv/config/app", error.Message, StringComparison.Ordinal);
        Assert.Contains("permission denied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_403AclNotFound_SaysTheTokenIsUnknown()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Text("ACL not found", HttpStatusCode.Forbidden));

        var error = await Assert.ThrowsAsync<ConsulPermissionDeniedException>(
            () => FakeConsulHandler.Client(handler).Kv.GetAsync("config/app"));

        Assert.True(error.TokenNotFound);
        Assert.Contains("ACL token is not known to Consul", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassTtlAsync_404UnknownCheck_ThrowsNotFound()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Text("Unknown check ID \"web-ttl\"", HttpStatusCode.NotFound));

        var error = await Assert.ThrowsAsync<ConsulNotFoundException>(
            () => FakeConsulHandler.Client(handler).Agent.PassTtlAsync("web-ttl"));

        Assert.Equal("PUT /v1/agent/check/pass/web-ttl", error.Operation);
        Assert.Contains("Unknown check ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_KvKey404_IsNullNotAnError()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(string.Empty, HttpStatusCode.NotFound, index: 7));

        var result = await FakeConsulHandler.Client(handler).Kv.GetAsync("missing");

        Assert.Null(result.Value);
        Assert.Equal(7UL, result.LastIndex);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "No cluster leader")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "")]
    public async Task ServiceAsync_NoLeaderOr503_ThrowsNoLeader(HttpStatusCode status, string body)
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Text(body, status));

        var error = await Assert.ThrowsAsync<ConsulNoLeaderException>(
            () => FakeConsulHandler.Client(handler).Health.ServiceAsync("web"));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains("no leader", error.Message, StringComparison.Ordinal);
        Assert.Contains("retry later", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceAsync_Other500_StaysAPlainConsulException()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Text("rpc error", HttpStatusCode.InternalServerError));

        var error = await Assert.ThrowsAsync<ConsulException>(() => FakeConsulHandler.Client(handler).Health.ServiceAsync("web"));

        Assert.Equal(typeof(ConsulException), error.GetType());
        Assert.Equal("Consul answered 500 InternalServerError: rpc error", error.Message);
    }

    [Fact]
    public async Task GetAsync_NothingListening_ThrowsUnreachableNamingAddress()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        var client = new ConsulClient(http, new ConsulClientOptions { Address = address });

        var error = await Assert.ThrowsAsync<ConsulUnreachableException>(() => client.Kv.GetAsync("k"));

        Assert.Equal(address, error.Address);
        Assert.Equal($"Consul at http://127.0.0.1:{port} is unreachable: connection refused", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task GetAsync_HttpClientTimesOut_ThrowsUnreachableTimedOut()
    {
        var handler = new HangingHandler();
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(100) };
        var client = new ConsulClient(http, new ConsulClientOptions());

        var error = await Assert.ThrowsAsync<ConsulUnreachableException>(() => client.Status.LeaderAsync());

        Assert.Equal("Consul at http://127.0.0.1:8500 is unreachable: the request timed out", error.Message);
    }

    [Fact]
    public async Task GetAsync_CallerCancels_ThrowsCancellationNotUnreachable()
    {
        using var http = new HttpClient(new HangingHandler());
        var client = new ConsulClient(http, new ConsulClientOptions());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Kv.GetAsync("k", cancellationToken: cts.Token));
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
