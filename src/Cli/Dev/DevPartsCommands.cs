using System.CommandLine;
using System.Net;
using Mesh.DevCatalog;

namespace Mesh.Cli.Dev;

/// <summary>
/// The parts of <c>meshctl dev</c> as separate long-running processes, for meshes spread over several machines or
/// network namespaces: <c>meshctl dev catalog</c> (the development catalog alone) and <c>meshctl dev sample</c>
/// (one sample service). Both run until Ctrl-C or SIGTERM.
/// </summary>
internal static class DevPartsCommands
{
    public static Command Catalog(TextWriter stdout, TextWriter stderr)
    {
        var listen = new Option<string>("--listen") { Description = "Address to listen on (ip:port).", DefaultValueFactory = _ => "127.0.0.1:8500" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Keep KV, sessions and registered services and checks here across restarts." };
        var node = new Option<string>("--node") { Description = "The catalog's node name.", DefaultValueFactory = _ => "dev" };
        var command = new Command("catalog", "Run the development catalog (Consul's HTTP API subset) alone.") { listen, dataDir, node };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endPoint))
            {
                await stderr.WriteLineAsync($"Error: --listen \"{parse.GetValue(listen)}\" is not ip:port.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await using var catalog = await DevCatalogServer.StartAsync(
                new DevCatalogOptions { Listen = endPoint, DataDirectory = parse.GetValue(dataDir), NodeName = parse.GetValue(node)! },
                cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"catalog listening on {catalog.Address}").ConfigureAwait(false);
            await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Sample(TextWriter stdout, TextWriter stderr)
    {
        var service = new Option<string>("--service") { Description = "The service name it answers as.", Required = true };
        var version = new Option<string>("--version") { Description = "The version it answers as.", DefaultValueFactory = _ => "v1" };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 0 };
        var failEvery = new Option<int>("--fail-every") { Description = "Answer every n-th request with 503 (0: never).", DefaultValueFactory = _ => 0 };
        var command = new Command("sample", "Run one sample service on 127.0.0.1.") { service, version, port, failEvery };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sample = await SampleService.StartAsync(
                parse.GetValue(service)!, parse.GetValue(version)!, parse.GetValue(failEvery), cancellationToken, parse.GetValue(port)).ConfigureAwait(false);
            await stdout.WriteLineAsync($"{sample.Service} {sample.Version} listening on 127.0.0.1:{sample.Port}").ConfigureAwait(false);
            await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: System.CommandLine cancels the token.
        }
    }
}
