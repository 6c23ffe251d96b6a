using System.Text.RegularExpressions;
using Mesh.Telemetry.Tracing;

namespace Mesh.Telemetry.Tests.Tracing;

public sealed partial class RandomIdsTests
{
    [Fact]
    public void RequestIds_AreVersion4Uuids_AndDoNotRepeat()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20_000; i++)
        {
            var id = RandomIds.NewRequestId();
            Assert.Matches(Uuid4(), id);
            Assert.True(seen.Add(id), $"request id {id} repeated after {i} ids");
        }
    }

    [Fact]
    public void TraceAndSpanIds_AreLowerHex_NonZero_AndDoNotRepeat()
    {
        var traces = new HashSet<string>(StringComparer.Ordinal);
        var spans = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20_000; i++)
        {
            var trace = RandomIds.NewTraceId();
            var span = RandomIds.NewSpanId();
            Assert.Matches(LowerHex(), trace);
            Assert.Equal(32, trace.Length);
            Assert.Matches(LowerHex(), span);
            Assert.Equal(16, span.Length);
            Assert.NotEqual(new string('0', 32), trace);
            Assert.NotEqual(new string('0', 16), span);
            Assert.True(traces.Add(trace), $"trace id {trace} repeated");
            Assert.True(spans.Add(span), $"span id {span} repeated");
        }
    }

    [Fact]
    public async Task Ids_DrawnOnManyThreadsAtOnce_DoNotRepeat()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 5_000).Select(_ => RandomIds.NewRequestId()).ToArray())));
        var all = ids.SelectMany(batch => batch).ToArray();
        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Uuid4();

    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex LowerHex();
}
