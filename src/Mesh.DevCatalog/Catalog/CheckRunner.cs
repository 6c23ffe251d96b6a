using System.Globalization;
using System.Net.Sockets;
using Mesh.DevCatalog.Hosting;

namespace Mesh.DevCatalog.Catalog;

/// <summary>
/// Runs the HTTP and TCP checks for real, as the Consul agent would: a <see cref="TimeProvider"/> timer per check fires
/// at once and then every Interval (at least 1s); results go to the store, which applies the pass/fail thresholds.
/// </summary>
internal sealed class CheckRunner : IDisposable
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private const int MaxOutput = 4096;
    private readonly CatalogStore _store;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (CheckDefinition Definition, ITimer Timer)> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Creates the runner for the store's probe checks.</summary>
    public CheckRunner(CatalogStore store) => _store = store;

    /// <summary>Starts timers for new or changed probe checks and stops those that are gone.</summary>
    public void Reconcile()
    {
        var wanted = _store.ProbeChecks().Where(c => c.Definition is not null).ToDictionary(c => c.CheckID, c => c.Definition!, StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var (id, running) in _running.Where(r => !wanted.TryGetValue(r.Key, out var d) || !ReferenceEquals(d, r.Value.Definition)).ToList())
            {
                running.Timer.Dispose();
                _running.Remove(id);
            }

            foreach (var (id, definition) in wanted.Where(w => !_running.ContainsKey(w.Key)))
            {
                var interval = GoDuration.TryParse(definition.Interval, out var parsed) ? parsed : MinInterval;
                var checkId = id;
                var timer = _store.Time.CreateTimer(_ => _ = ProbeAsync(checkId, definition), null, TimeSpan.Zero, interval < MinInterval ? MinInterval : interval);
                _running[id] = (definition, timer);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        lock (_gate)
        {
            foreach (var (_, timer) in _running.Values)
            {
                timer.Dispose();
            }

            _running.Clear();
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private static string Truncate(string text) => text.Length > MaxOutput ? text[..MaxOutput] : text;

    private async Task ProbeAsync(string checkId, CheckDefinition definition)
    {
        var timeout = GoDuration.TryParse(definition.Timeout, out var t) && t > TimeSpan.Zero ? t : DefaultTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        cts.CancelAfter(timeout);
        (string Status, string Output) result;
        try
        {
            result = definition.HTTP is { Length: > 0 } url ? await ProbeHttpAsync(url, definition, cts.Token).ConfigureAwait(false) : await ProbeTcpAsync(definition.TCP!, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or SocketException or IOException or InvalidOperationException or UriFormatException or FormatException)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var target = definition.HTTP is { Length: > 0 } ? $"HTTP {definition.Method ?? "GET"} {definition.HTTP}" : $"TCP connect {definition.TCP}";
            result = ("critical", $"{target}: {(e is OperationCanceledException ? "timed out" : e.Message)}");
        }

        if (!_store.ReportProbe(checkId, result.Status, result.Output))
        {
            // The check went away without a registration call (DeregisterCriticalServiceAfter): stop probing it.
            Reconcile();
        }
    }

    private async Task<(string, string)> ProbeHttpAsync(string url, CheckDefinition definition, CancellationToken cancellationToken)
    {
        var method = string.IsNullOrEmpty(definition.Method) ? "GET" : definition.Method;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url));
        request.Headers.TryAddWithoutValidation("User-Agent", "Consul Health Check");
        foreach (var (name, values) in definition.Header ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = Truncate(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var code = (int)response.StatusCode;
        var status = code is >= 200 and < 300 ? "passing" : code == 429 ? "warning" : "critical";
        return (status, string.Create(CultureInfo.InvariantCulture, $"HTTP {method} {url}: {code} {response.ReasonPhrase} Output: {body}"));
    }

    private static async Task<(string, string)> ProbeTcpAsync(string address, CancellationToken cancellationToken)
    {
        var colon = address.LastIndexOf(':');
        var host = address[..colon].Trim('[', ']');
        var port = int.Parse(address[(colon + 1)..], CultureInfo.InvariantCulture);
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        return ("passing", $"TCP connect {address}: Success");
    }
}
