using System.Net;
using Mesh.Bench.HandshakeBench;

// mTLS handshakes per second and the cost of mTLS per request (bench/run.sh, case "tls"); usage in BenchArgs.Usage.
BenchArgs parsed;
try
{
    parsed = BenchArgs.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var cpu = new CpuSampler(parsed.CpuPids, parsed.Number("--clk-tck", 100));
var warmup = TimeSpan.FromSeconds(parsed.Seconds("--warmup", 3));
var duration = TimeSpan.FromSeconds(parsed.Seconds("--duration", 10));
switch (parsed.Mode)
{
    case "write-certs" when parsed.Positional.Count == 1:
        await BenchCertificates.WriteAsync(parsed.Positional[0]).ConfigureAwait(false);
        return 0;

    case "server":
    {
        var tls = await BenchCertificates.CreateTlsAsync(parsed.Text("--ca-dir"), BenchCertificates.ServerId, allowResume: true).ConfigureAwait(false);
        var server = new TlsServer(tls, parsed.Number("--body-size", 1024));
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var tlsListener = TlsServer.Listen(parsed.Number("--tls-port", 0));
        var loops = new List<Task> { server.AcceptLoopAsync(tlsListener, tls: true, stop.Token) };
        var plainPort = parsed.Number("--plain-port", 0);
        using var plainListener = plainPort > 0 ? TlsServer.Listen(plainPort) : null;
        if (plainListener is not null)
        {
            loops.Add(server.AcceptLoopAsync(plainListener, tls: false, stop.Token));
        }

        Console.WriteLine($"READY tls-port={parsed.Text("--tls-port")} plain-port={plainPort} pid={Environment.ProcessId} cpus={Environment.ProcessorCount}");
        await Task.WhenAll(loops).ConfigureAwait(false);
        Console.WriteLine($"STATS {server.Statistics}");
        return 0;
    }

    case "handshake":
    {
        var tls = await BenchCertificates.CreateTlsAsync(parsed.Text("--ca-dir"), BenchCertificates.ClientId, allowResume: false).ConfigureAwait(false);
        var client = new HandshakeClient(tls, new IPEndPoint(IPAddress.Loopback, parsed.Number("--port", 0)));
        Console.WriteLine(await LoadWindow.RunAsync("handshake", parsed.Number("--concurrency", 32), client.WorkAsync, warmup, duration, cpu).ConfigureAwait(false));
        return 0;
    }

    case "keepalive":
    {
        var tls = parsed.Flag("--tls")
            ? await BenchCertificates.CreateTlsAsync(parsed.Text("--ca-dir"), BenchCertificates.ClientId, allowResume: false).ConfigureAwait(false)
            : null;
        var client = new KeepAliveClient(tls, new IPEndPoint(IPAddress.Loopback, parsed.Number("--port", 0)));
        var mode = tls is null ? "keepalive-plain" : "keepalive-tls";
        Console.WriteLine(await LoadWindow.RunAsync(mode, parsed.Number("--connections", 16), client.WorkAsync, warmup, duration, cpu).ConfigureAwait(false));
        return 0;
    }

    case "report" when parsed.Positional.Count == 2:
        await TlsReport.WriteAsync(parsed.Positional[0], parsed.Positional[1]).ConfigureAwait(false);
        return 0;

    default:
        Console.Error.WriteLine(BenchArgs.Usage);
        return 2;
}
