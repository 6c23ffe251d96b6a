using System.Net;
using Mesh.Agent.Tests.Integration;
using Mesh.Agent.Configuration;
using static Mesh.Agent.Tests.Observability.AccessLogTests;

namespace Mesh.Agent.Tests.Observability;

/// <summary><c>telemetry { tracing { … } }</c>: spans exported over OTLP/HTTP to a collector, or none at sampling 0.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class TracingExportTests
{
    [Fact]
    public async Task Tracing_OtlpEndpointSet_ExportsSpansAsProtobuf()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var apiApp = await StatusApp.StartAsync();
        await using var collector = await OtlpReceiver.StartAsync();
        var tracing = AccessLogTests.Telemetry($"tracing {{\n  otlp_endpoint = \"{collector.Address}\"\n  protocol = \"http/protobuf\"\n  sampling = 100\n}}");
        var (web, api) = await StartPairAsync(env, apiApp, tracing, new TelemetrySettings());
        var outbound = web.GetOutboundEndPoint("web", "api")!;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(outbound, "/orders/" + i, null));
        }

        // Stopping the agent exports what the batch still holds.
        await web.DisposeAsync();
        await api.DisposeAsync();

        Assert.NotEmpty(collector.Exports);
        Assert.All(collector.Exports, export =>
        {
            Assert.Equal("application/x-protobuf", export.ContentType);
            Assert.True(export.Length > 0);
        });
    }

    [Fact]
    public async Task Tracing_SamplingZero_ExportsNoSpans()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var apiApp = await StatusApp.StartAsync();
        await using var collector = await OtlpReceiver.StartAsync();
        var tracing = AccessLogTests.Telemetry($"tracing {{\n  otlp_endpoint = \"{collector.Address}\"\n  sampling = 0\n}}");
        var (web, api) = await StartPairAsync(env, apiApp, tracing, new TelemetrySettings());
        var outbound = web.GetOutboundEndPoint("web", "api")!;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(outbound, "/orders/" + i, null));
        }

        await web.DisposeAsync();
        await api.DisposeAsync();

        Assert.Empty(collector.Exports);
    }
}
