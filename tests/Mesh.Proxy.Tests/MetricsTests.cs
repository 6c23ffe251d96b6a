using System.Net;
using Mesh.Proxy.Observability;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

public sealed class MetricsTests
{
    private static readonly ProxyObservabilityOptions s_productpage = new()
    {
        Identity = new ProxyIdentity { ServiceName = "productpage", Version = "v1", Namespace = "default", Principal = "spiffe://mesh.local/ns/default/svc/productpage" },
    };

    [Fact]
    public async Task Scrape_AfterOkAndFaultAbortedRequests_CountsExactlyThoseWithIstioLabels()
    {
        await using var upstream = await Upstream.StartAsync("reviews-v2");
        await using var proxy = await ObservabilityHarness.StartAsync(s_productpage);
        var abort = new FaultInjection { Abort = new AbortFault { HttpStatus = 503, Percentage = 100 } };
        proxy.Load(Snap.Host(
            "reviews",
            [
                Snap.To("reviews", "v2", "broken") with { Match = [new HttpMatch { Uri = new StringMatch { Prefix = "/fail" } }], Fault = abort },
                Snap.To("reviews", "v2", "default"),
            ],
            Snap.Cluster("reviews", null, Snap.Subset("v2", "v2"))));
        proxy.SetEndpoints("reviews", (upstream, "v2"));

        for (var i = 0; i < 3; i++)
        {
            using var ok = await proxy.SendAsync("reviews", "/ok");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var failed = await proxy.SendAsync("reviews", "/fail");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        var text = await proxy.ScrapeAsync();
        var common = new[]
        {
            ("reporter", "source"), ("source_workload", "productpage"), ("source_version", "v1"), ("source_workload_namespace", "default"),
            ("source_principal", "spiffe://mesh.local/ns/default/svc/productpage"), ("destination_service", "reviews"), ("destination_version", "v2"),
        };
        Assert.Equal(3, ObservabilityHarness.Sum(text, "mesh_requests_total", [.. common, ("response_code", "200"), ("response_flags", "-")]));
        Assert.Equal(2, ObservabilityHarness.Sum(text, "mesh_requests_total", [.. common, ("response_code", "503"), ("response_flags", "FI")]));
        Assert.Equal(5, ObservabilityHarness.Sum(text, "mesh_requests_total"));
        Assert.Equal(5, ObservabilityHarness.Sum(text, "mesh_request_duration_milliseconds_count"));
        Assert.Equal(3 * "reviews-v2".Length, ObservabilityHarness.Sum(text, "mesh_response_bytes_sum", ("response_code", "200")));
        Assert.Equal(2 * "fault filter abort".Length, ObservabilityHarness.Sum(text, "mesh_response_bytes_sum", ("response_flags", "FI")));
        Assert.Equal(3, upstream.Count);
    }

    [Fact]
    public async Task Scrape_AfterRequestForUnknownHost_CountsNoRouteFlag()
    {
        await using var proxy = await ObservabilityHarness.StartAsync(s_productpage);
        proxy.Load(Snap.Host("reviews"));

        using var response = await proxy.SendAsync("nowhere.example");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var text = await proxy.ScrapeAsync();
        Assert.Equal(1, ObservabilityHarness.Sum(text, "mesh_requests_total", ("response_code", "404"), ("response_flags", "NR"), ("destination_service", "unknown")));
        Assert.Equal(1, ObservabilityHarness.Sum(text, "mesh_requests_total"));
    }

    [Fact]
    public async Task Scrape_AfterPoolOverflow_CountsOverflowFlagAndCounter()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await Upstream.StartAsync("slow", async context =>
        {
            received.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync("slow");
        });
        await using var proxy = await ObservabilityHarness.StartAsync(s_productpage);
        var policy = new TrafficPolicy { ConnectionPool = new ConnectionPoolSettings { Http = new HttpPoolSettings { Http2MaxRequests = 1 } } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", (slow, null));

        var first = proxy.SendAsync("reviews");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var overflow = await proxy.SendAsync("reviews");
        release.SetResult();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
        var text = await proxy.ScrapeAsync();
        Assert.Equal(1, ObservabilityHarness.Sum(text, "mesh_requests_total", ("response_code", "503"), ("response_flags", "UO")));
        Assert.Equal(1, ObservabilityHarness.Sum(text, "mesh_requests_total", ("response_code", "200"), ("response_flags", "-")));
        Assert.Equal(1, ObservabilityHarness.Sum(text, "mesh_circuit_breaker_overflows_total", ("destination_service", "reviews")));
    }

    [Fact]
    public async Task Scrape_AfterRetriesExhausted_CountsRetriesAndUrxFlag()
    {
        await using var failing = await Upstream.StartAsync("failing", context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        await using var proxy = await ObservabilityHarness.StartAsync(s_productpage);
        proxy.Load(Snap.Host("reviews", [Snap.To("reviews") with { Retries = new RetryPolicy { Attempts = 2, RetryOn = ["5xx"] } }]));
        proxy.SetEndpoints("reviews", (failing, null));

        using var response = await proxy.SendAsync("reviews");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, failing.Count);
        var text = await proxy.ScrapeAsync();
        Assert.Equal(2, ObservabilityHarness.Sum(text, "mesh_upstream_retries_total", ("destination_service", "reviews")));
        Assert.Equal(1, ObservabilityHarness.Sum(text, "mesh_requests_total", ("response_code", "503"), ("response_flags", "URX")));
    }

    [Fact]
    public async Task Scrape_OnInboundProxy_ReportsAsDestinationWithLocalIdentity()
    {
        await using var app = await Upstream.StartAsync("app");
        var inbound = new ProxyObservabilityOptions
        {
            Identity = new ProxyIdentity { ServiceName = "reviews", Version = "v3", Namespace = "default", Role = ProxyRole.Inbound },
        };
        await using var proxy = await ObservabilityHarness.StartAsync(inbound);
        proxy.Load(Snap.Host("reviews"));
        proxy.SetEndpoints("reviews", (app, null));

        using var response = await proxy.SendAsync("reviews");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await proxy.ScrapeAsync();
        Assert.Equal(1, ObservabilityHarness.Sum(
            text,
            "mesh_requests_total",
            ("reporter", "destination"),
            ("destination_service", "reviews"),
            ("destination_version", "v3"),
            ("destination_service_namespace", "default"),
            ("source_principal", "unknown"),
            ("connection_security_policy", "none"),
            ("response_code", "200")));
    }
}
