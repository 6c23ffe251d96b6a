using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mesh.Bench.HandshakeBench;

/// <summary>
/// Turns the raw measurements of run.sh's <c>tls</c> case (one JSON object a line: round, server, case, load1 and
/// the client's output) into Markdown: medians over the rounds, each round's value beside them.
/// </summary>
internal static class TlsReport
{
    private const string Handshake = "handshake";
    private const string Plain = "keepalive-plain";
    private const string Tls = "keepalive-tls";

    public static async Task WriteAsync(string rawPath, string outPath)
    {
        var rows = new List<Row>();
        foreach (var line in await File.ReadAllLinesAsync(rawPath).ConfigureAwait(false))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            rows.Add(new Row(
                root.GetProperty("server").GetString()!,
                root.GetProperty("case").GetString()!,
                Number(root, "rate"),
                Number(root, "cpu_us_per_op"),
                Number(root, "server_core_util"),
                Number(root, "errors"),
                Number(root, "load1")));
        }

        var servers = rows.Select(r => r.Server).Distinct().ToList();
        var text = new StringBuilder();
        var rounds = rows.Where(r => r.Case == Handshake).GroupBy(r => r.Server).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        text.AppendLine(CultureInfo.InvariantCulture, $"# mTLS: handshakes and cost per request ({Path.GetFileNameWithoutExtension(outPath)})");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Medians of {rounds} interleaved round(s); per-round values in brackets. Server alone on core 0 (1 thread for haproxy), client (`bench/HandshakeBench`) on core 1. TLS 1.3, ECDSA P-256 certificates from the built-in CA, client certificate required, ALPN http/1.1, no resumption by the client. Load average (1 min) during the run: {Range(rows.Select(r => r.Load1))}.");
        text.AppendLine();
        text.AppendLine("## Full handshakes (new connection + mTLS handshake + one 1 KiB response each)");
        text.AppendLine();
        text.AppendLine("| server | handshakes/s | server core busy | CPU µs / handshake | handshakes/s per core (10⁶ ÷ CPU µs) | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var server in servers)
        {
            var h = rows.Where(r => r.Server == server && r.Case == Handshake).ToList();
            if (h.Count == 0)
            {
                continue;
            }

            var cpu = Median(h.Select(r => r.CpuUs));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {server} | {Cell(h, r => r.Rate, "F0")} | {Cell(h, r => r.Util, "P0")} | {Cell(h, r => r.CpuUs, "F0")} | {(cpu > 0 ? 1e6 / cpu : 0):F0} | {h.Sum(r => r.Errors):F0} |");
        }

        text.AppendLine();
        text.AppendLine("## Requests over reused connections (1 KiB responses, one request in flight per connection)");
        text.AppendLine();
        text.AppendLine("| server | plaintext req/s | plaintext CPU µs / req | mTLS req/s | mTLS CPU µs / req | cost of mTLS µs / req | cost % |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var server in servers)
        {
            var p = rows.Where(r => r.Server == server && r.Case == Plain).ToList();
            var t = rows.Where(r => r.Server == server && r.Case == Tls).ToList();
            if (p.Count == 0 || t.Count == 0)
            {
                continue;
            }

            var plainCpu = Median(p.Select(r => r.CpuUs));
            var cost = Median(t.Select(r => r.CpuUs)) - plainCpu;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {server} | {Cell(p, r => r.Rate, "F0")} | {Cell(p, r => r.CpuUs, "F1")} | {Cell(t, r => r.Rate, "F0")} | {Cell(t, r => r.CpuUs, "F1")} | {cost:F1} | {(plainCpu > 0 ? cost / plainCpu : 0):P0} |");
        }

        text.AppendLine();
        text.AppendLine("CPU = utime + stime of the server process over the measured window (`/proc/<pid>/stat`, warm-up excluded) ÷ operations completed in it. Cost of mTLS = median mTLS CPU/request − median plaintext CPU/request on the same server process. Server core busy = server CPU ÷ wall time: well below 100 % the client was the limit (or, on a loaded machine, other processes had the core), so handshakes/s and req/s understate the server and compare poorly between servers; the CPU columns still hold.");
        await File.WriteAllTextAsync(outPath, text.ToString()).ConfigureAwait(false);
        Console.Write(text.ToString());
    }

    private static double Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Cell(List<Row> rows, Func<Row, double> value, string format)
    {
        var median = Median(rows.Select(value)).ToString(format, CultureInfo.InvariantCulture);
        return rows.Count < 2
            ? median
            : $"{median} [{string.Join(" / ", rows.Select(r => value(r).ToString(format, CultureInfo.InvariantCulture)))}]";
    }

    private static string Range(IEnumerable<double> values)
    {
        var list = values.Where(v => v > 0).ToList();
        return list.Count == 0
            ? "unknown"
            : string.Create(CultureInfo.InvariantCulture, $"{list.Min():F1}–{list.Max():F1} on {Environment.ProcessorCount} cores");
    }

    private sealed record Row(string Server, string Case, double Rate, double CpuUs, double Util, double Errors, double Load1);
}
