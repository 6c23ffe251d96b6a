using System.Net;
using System.Text.Json;

namespace Mesh.Proxy.Tests;

public sealed class AccessLogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "mesh-access-" + Guid.NewGuid().ToString("N") + ".log");

    [Fact]
    public async Task Send_WithAccessLogEnabled_WritesOneJsonLineWithIstioFields()
    {
        await using var backend = await Upstream.StartAsync("backend");
        var proxy = await ObservabilityHarness.StartAsync(new() { AccessLog = new() { Enabled = true, Path = _path } });
        proxy.Load(Snap.Host("reviews", [Snap.To("reviews", name: "reviews-route")]));
        proxy.SetEndpoints("reviews", (backend, null));

        using (var response = await proxy.SendAsync("reviews", "/books?id=7", r =>
        {
            r.Headers.Add("x-request-id", "req-123");
            r.Headers.UserAgent.ParseAdd("curl/8.0");
        }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await proxy.DisposeAsync();

        var line = Assert.Single(File.ReadAllLines(_path));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal("/books?id=7", root.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", root.GetProperty("protocol").GetString());
        Assert.Equal(200, root.GetProperty("response_code").GetInt32());
        Assert.Equal("-", root.GetProperty("response_flags").GetString());
        Assert.Equal("backend".Length, root.GetProperty("bytes_sent").GetInt64());
        Assert.Equal(0, root.GetProperty("bytes_received").GetInt64());
        Assert.True(root.GetProperty("duration").GetDouble() >= 0);
        Assert.True(root.GetProperty("upstream_service_time").GetDouble() >= 0);
        Assert.Equal("127.0.0.1:" + backend.Port, root.GetProperty("upstream_host").GetString());
        Assert.Equal("reviews-route", root.GetProperty("route_name").GetString());
        Assert.Equal("req-123", root.GetProperty("request_id").GetString());
        Assert.Equal("reviews", root.GetProperty("authority").GetString());
        Assert.Equal("curl/8.0", root.GetProperty("user_agent").GetString());
        Assert.Equal(32, root.GetProperty("trace_id").GetString()!.Length);
        Assert.Equal("req-123", Assert.Single(backend.Requests).Headers["x-request-id"]);
    }

    [Fact]
    public async Task Send_WithoutRequestId_GeneratesOneForwardedAndLogged()
    {
        await using var backend = await Upstream.StartAsync("backend");
        var proxy = await ObservabilityHarness.StartAsync(new() { AccessLog = new() { Enabled = true, Path = _path } });
        proxy.Load(Snap.Host("reviews"));
        proxy.SetEndpoints("reviews", (backend, null));

        using (await proxy.SendAsync("reviews"))
        {
        }

        await proxy.DisposeAsync();

        var forwarded = Assert.Single(backend.Requests).Headers["x-request-id"];
        Assert.True(Guid.TryParse(forwarded, out _));
        using var json = JsonDocument.Parse(Assert.Single(File.ReadAllLines(_path)));
        Assert.Equal(forwarded, json.RootElement.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Send_WithSamplingZero_LogsOnlyFlaggedRequests()
    {
        await using var backend = await Upstream.StartAsync("backend");
        var proxy = await ObservabilityHarness.StartAsync(new() { AccessLog = new() { Enabled = true, Path = _path, SamplePercent = 0 } });
        proxy.Load(Snap.Host("reviews"));
        proxy.SetEndpoints("reviews", (backend, null));

        for (var i = 0; i < 3; i++)
        {
            using var ok = await proxy.SendAsync("reviews");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var missing = await proxy.SendAsync("unknown.example", "/x"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        await proxy.DisposeAsync();

        using var json = JsonDocument.Parse(Assert.Single(File.ReadAllLines(_path)));
        Assert.Equal("NR", json.RootElement.GetProperty("response_flags").GetString());
        Assert.Equal(404, json.RootElement.GetProperty("response_code").GetInt32());
        Assert.Equal("unknown.example", json.RootElement.GetProperty("authority").GetString());
    }

    public void Dispose() => File.Delete(_path);
}
