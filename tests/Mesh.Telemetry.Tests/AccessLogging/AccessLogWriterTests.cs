using System.Text;
using System.Text.Json;
using Mesh.Telemetry.AccessLogging;

namespace Mesh.Telemetry.Tests.AccessLogging;

public sealed class AccessLogWriterTests
{
    private static AccessLogEntry Entry(int status = 200, string flags = "-") => new()
    {
        StartTime = new DateTimeOffset(2026, 11, 24, 10, 0, 0, 123, TimeSpan.Zero),
        Method = "GET",
        Path = "/reviews/1?x=1",
        Protocol = "HTTP/1.1",
        ResponseCode = status,
        ResponseFlags = flags,
        BytesReceived = 0,
        BytesSent = 295,
        DurationMilliseconds = 12.3456,
        UpstreamServiceTimeMilliseconds = 11,
        RequestId = "6f6c2b1e",
        Authority = "reviews",
        UpstreamHost = "127.0.0.1:9080",
        UpstreamCluster = "reviews|v2",
        DownstreamPeerIdentity = "spiffe://mesh.local/ns/default/svc/productpage",
        RouteName = "jason-sees-v2",
    };

    [Fact]
    public async Task Write_OneRequest_OneJsonLineWithIstioFields()
    {
        using var sink = new MemoryStream();
        await using (var writer = new AccessLogWriter(new AccessLogOptions(), sink))
        {
            writer.Write(Entry());
        }

        var lines = Encoding.UTF8.GetString(sink.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("2026-11-24T10:00:00.123Z", root.GetProperty("start_time").GetString());
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal("/reviews/1?x=1", root.GetProperty("path").GetString());
        Assert.Equal(200, root.GetProperty("response_code").GetInt32());
        Assert.Equal("-", root.GetProperty("response_flags").GetString());
        Assert.Equal(295, root.GetProperty("bytes_sent").GetInt64());
        Assert.Equal(12.346, root.GetProperty("duration").GetDouble());
        Assert.Equal("127.0.0.1:9080", root.GetProperty("upstream_host").GetString());
        Assert.Equal("jason-sees-v2", root.GetProperty("route_name").GetString());
        Assert.Equal("6f6c2b1e", root.GetProperty("request_id").GetString());
        Assert.Equal("spiffe://mesh.local/ns/default/svc/productpage", root.GetProperty("downstream_peer_uri_san").GetString());
        Assert.False(root.TryGetProperty("user_agent", out _));
    }

    [Fact]
    public async Task Write_MinimumStatusFilter_LogsOnlyErrorsAndFlaggedRequests()
    {
        using var sink = new MemoryStream();
        await using (var writer = new AccessLogWriter(new AccessLogOptions { MinimumStatus = 400 }, sink))
        {
            writer.Write(Entry(200));
            writer.Write(Entry(503, "UO"));
            writer.Write(Entry(404));
            writer.Write(Entry(200, "DI"));
        }

        var codes = Encoding.UTF8.GetString(sink.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("response_code").GetInt32()).ToList();
        Assert.Equal([503, 404, 200], codes);
    }

    [Fact]
    public void ShouldLog_TenPercentSample_SelectsByDraw()
    {
        using var sink = new MemoryStream();
        var writer = new AccessLogWriter(new AccessLogOptions { SamplePercent = 10 }, sink);

        Assert.True(writer.ShouldLog(200, "-", 9.99));
        Assert.False(writer.ShouldLog(200, "-", 10));
        Assert.True(writer.ShouldLog(200, "UF", 99));
    }

    [Fact]
    public async Task Write_SinkStalled_QueueFullLinesCountedAsDroppedAndTheRestWritten()
    {
        using var sink = new StalledStream();
        var writer = new AccessLogWriter(new AccessLogOptions { QueueCapacity = 2 }, sink);
        writer.Write(Entry());
        Assert.True(sink.WriteStarted.Wait(TimeSpan.FromSeconds(10)), "the writer never reached the sink");

        for (var i = 0; i < 9; i++)
        {
            writer.Write(Entry());
        }

        // One line is stuck in the sink, two wait in the queue: the other seven are dropped, and counted.
        Assert.Equal(7, writer.Dropped);
        sink.Release.Set();
        await writer.DisposeAsync();
        Assert.Equal(3, Encoding.UTF8.GetString(sink.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Create_SamplePercentOutOfRange_Refused()
    {
        using var sink = new MemoryStream();

        Assert.Throws<ArgumentOutOfRangeException>(() => new AccessLogWriter(new AccessLogOptions { SamplePercent = 150 }, sink));
    }

    /// <summary>A sink whose first write blocks until released, as a stalled disk or pipe would.</summary>
    private sealed class StalledStream : MemoryStream
    {
        public ManualResetEventSlim WriteStarted { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Stall();
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Stall();
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Stall();
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Stall();
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        private void Stall()
        {
            WriteStarted.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                WriteStarted.Dispose();
                Release.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
