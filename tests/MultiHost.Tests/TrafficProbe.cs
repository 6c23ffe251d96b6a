using System.Globalization;

namespace MultiHost.Tests;

/// <summary>Sends requests with curl from inside a host's namespace (the test process cannot enter one itself).</summary>
internal sealed class TrafficProbe(string netns, string url)
{
    private const string Format = "%{http_code}|%header{x-served-by}|%header{x-caller}\\n";

    /// <summary>
    /// Sends <paramref name="count"/> sequential requests in one curl loop, <paramref name="pause"/> apart (none by
    /// default), and returns their outcomes.
    /// </summary>
    public async Task<IReadOnlyList<TrafficResult>> SendAsync(int count, TimeSpan pause = default)
    {
        var sleep = pause > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $" sleep {pause.TotalSeconds:0.###};") : "";
        var script = string.Create(
            CultureInfo.InvariantCulture,
            $"for i in $(seq {count}); do curl -s -o /dev/null -m 10 -w '{Format}' '{url}'; echo;{sleep} done");
        var (_, output) = await CommandRunner.RunAsync(["ip", "netns", "exec", netns, "bash", "-c", script], TimeSpan.FromSeconds(20 + count * (1 + pause.TotalSeconds)));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(TrafficResult.Parse)
            .ToList();
    }

    /// <summary>Polls until a request succeeds and <paramref name="done"/> holds for everything seen so far; returns all outcomes.</summary>
    public async Task<IReadOnlyList<TrafficResult>> PollAsync(Func<IReadOnlyList<TrafficResult>, bool> done, TimeSpan timeout, string what)
    {
        var seen = new List<TrafficResult>();
        using var cancel = new CancellationTokenSource(timeout);
        while (!cancel.IsCancellationRequested)
        {
            seen.AddRange(await SendAsync(5));
            if (done(seen))
            {
                return seen;
            }

            await Task.Delay(500, CancellationToken.None);
        }

        throw new TimeoutException(
            $"Timed out after {timeout.TotalSeconds}s waiting until {what}; last outcomes: {string.Join(", ", seen.TakeLast(10))}");
    }
}
