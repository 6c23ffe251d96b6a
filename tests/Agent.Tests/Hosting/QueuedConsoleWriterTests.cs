using System.Diagnostics;
using System.Text;
using Mesh.Agent.Hosting;

namespace Mesh.Agent.Tests.Hosting;

/// <summary>The agent's standard output: log lines are queued and written by a background loop, never blocking the logger.</summary>
public sealed class QueuedConsoleWriterTests
{
    [Fact]
    public void Dispose_AfterLinesFromTwoThreads_WritesEveryLineWhole()
    {
        var output = new MemoryStream();
        using (var writer = new QueuedConsoleWriter(output))
        {
            var other = new Thread(() =>
            {
                for (var i = 0; i < 100; i++)
                {
                    writer.Write("other ");
                    writer.Write(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteLine();
                }
            });
            other.Start();
            for (var i = 0; i < 100; i++)
            {
                writer.Write("main ");
                writer.WriteLine(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            other.Join();
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, lines.Length);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"main {i}"), lines.Where(l => l.StartsWith("main ", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"other {i}"), lines.Where(l => l.StartsWith("other ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Flush_WhenTheOutputBlocks_ReturnsAndDropsBeyondCapacityThenReportsTheCount()
    {
        using var output = new BlockingStream();
        var writer = new QueuedConsoleWriter(output, capacity: 10);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            writer.WriteLine("line");
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "writing must not wait for the blocked output");
        Assert.True(writer.Dropped >= 80, $"dropped {writer.Dropped}");

        output.Release();
        writer.Dispose();

        var text = output.Text;
        Assert.Contains($"{writer.Dropped} log lines dropped", text, StringComparison.Ordinal);
        Assert.Equal(100 - writer.Dropped, text.Split(Environment.NewLine).Count(l => l == "line"));
    }

    /// <summary>A stream whose writes wait until <see cref="Release"/>: a journald that stopped reading.</summary>
    private sealed class BlockingStream : MemoryStream
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Text => Encoding.UTF8.GetString(ToArray());

        public void Release() => _released.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
