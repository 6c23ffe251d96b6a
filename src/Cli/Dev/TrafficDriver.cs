namespace Mesh.Cli.Dev;

/// <summary>Plays "productpage": calls reviews through its local upstream port at a steady rate and tallies the answers.</summary>
internal sealed class TrafficDriver(Uri upstream, int requestsPerSecond, TrafficTally tally)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var interval = TimeSpan.FromSeconds(1.0 / Math.Max(1, requestsPerSecond));
        using var timer = new PeriodicTimer(interval);
        var inflight = new List<Task>();
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            inflight.RemoveAll(t => t.IsCompleted);
            inflight.Add(CallAsync(http, cancellationToken));
        }
    }

    /// <summary>
    /// Calls reviews one request at a time until each of <paramref name="servers"/> (<c>x-served-by</c> values) has
    /// answered 200: every path (certificates, connections, code compiled on first use) is warm before anything is tallied.
    /// </summary>
    public async Task WarmUpAsync(IReadOnlyCollection<string> servers, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var answered = new HashSet<string>(StringComparer.Ordinal);
        while (!servers.All(answered.Contains))
        {
            try
            {
                using var response = await http.GetAsync(new Uri(upstream, "/reviews/1"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode && Header(response, "x-served-by") is { } server)
                {
                    answered.Add(server);
                    continue;
                }
            }
            catch (HttpRequestException)
            {
                // Not reachable yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Too slow yet.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CallAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(upstream, "/reviews/1"), cancellationToken).ConfigureAwait(false);
            tally.Record((int)response.StatusCode, Header(response, "x-served-by"), Header(response, "x-caller"));
        }
        catch (HttpRequestException)
        {
            tally.Record(0, null, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            tally.Record(0, null, null);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
