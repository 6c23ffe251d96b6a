namespace Mesh.Bench.AllocBench;

/// <summary>
/// Sends requests over a fixed set of keep-alive connections (one task per connection) and drains each body into a
/// reused buffer, so the client's own allocations are the same whether it talks to the proxy or the backend.
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly int _connections;

    public LoadClient(int port, int connections)
    {
        _connections = connections;
        _uri = new Uri("http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/api/items");
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Host = "bench";
    }

    public async Task<int> SendAsync(int requests)
    {
        var remaining = requests;
        var failures = 0;
        var workers = new Task[_connections];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                var buffer = new byte[4096];
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
                    using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        Console.Error.WriteLine("failed: " + (int)response.StatusCode + " " + text);
                        continue;
                    }

                    using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    while (await body.ReadAsync(buffer).ConfigureAwait(false) > 0)
                    {
                    }
                }
            });
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        return failures;
    }

    public void Dispose() => _client.Dispose();
}
