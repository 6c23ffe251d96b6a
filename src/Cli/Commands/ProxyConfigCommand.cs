using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mesh.Cli.Rendering;
using Spectre.Console;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>meshctl proxy-config --node-admin &lt;host:port&gt;</c>: what one agent's proxies serve, read from its admin API
/// (<c>GET /v1/proxy-config</c>), as routes per host (Istio's <c>istioctl proxy-config routes</c>) or the raw JSON.
/// </summary>
internal static class ProxyConfigCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Command Create(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var admin = new Option<string>("--node-admin")
        {
            Description = "The agent's admin address, host:port (its admin_address, loopback by default).",
            Required = true,
        };
        var output = OutputFormat.Create("table", "table", "json");
        var command = new Command("proxy-config", "Show the routes an agent's proxies serve, per destination host.") { admin, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var address = parse.GetValue(admin)!;
            if (!Uri.TryCreate("http://" + address + "/v1/proxy-config", UriKind.Absolute, out var uri) || uri.Port <= 0 || uri.AbsolutePath != "/v1/proxy-config")
            {
                await stderr.WriteLineAsync($"Error: --node-admin must be host:port, got \"{address}\".").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            byte[] body;
            try
            {
                using var http = new HttpClient { Timeout = Timeout };
                using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    await stderr.WriteLineAsync($"Error: the agent at {address} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}").ConfigureAwait(false);
                    return ExitCodes.Unreachable;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await stderr.WriteLineAsync($"Error: cannot reach the agent admin API at {address}: {e.Message}").ConfigureAwait(false);
                await stderr.WriteLineAsync("Is mesh-agent running with admin_address set to that address?").ConfigureAwait(false);
                return ExitCodes.Unreachable;
            }

            if (parse.GetValue(output) == "json")
            {
                await stdout.WriteLineAsync(Encoding.UTF8.GetString(body)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            try
            {
                using var document = JsonDocument.Parse(body);
                Render(document.RootElement, TerminalOutput.Create(stdout, environment));
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                await stderr.WriteLineAsync($"Error: the agent at {address} answered something that is not a proxy configuration: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Unreachable;
            }
        });
        return command;
    }

    private static void Render(JsonElement config, IAnsiConsole console)
    {
        console.WriteLine($"Node {Text(config, "node") ?? "unknown"}");
        var table = new Table().Border(TableBorder.None).AddColumns("SERVICE", "HOST", "VERSION", "ORIGIN", "ROUTE", "MATCH", "DESTINATIONS");
        if (config.TryGetProperty("services", out var services) && services.ValueKind == JsonValueKind.Object)
        {
            foreach (var service in services.EnumerateObject())
            {
                if (!service.Value.TryGetProperty("snapshots", out var snapshots) || snapshots.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var host in snapshots.EnumerateObject())
                {
                    AddHost(table, service.Name, host.Name, host.Value);
                }
            }
        }

        console.Write(table);
    }

    private static void AddHost(Table table, string service, string host, JsonElement state)
    {
        var version = Text(state, "version") ?? "-";
        var origin = Text(state, "origin") ?? "-";
        if (Text(state, "rejected") is { } rejected)
        {
            origin += " (rejected newer: " + rejected + ")";
        }

        var routes = state.TryGetProperty("snapshot", out var snapshot) && snapshot.TryGetProperty("http", out var http) && http.ValueKind == JsonValueKind.Array
            ? http.EnumerateArray().ToList()
            : [];
        if (routes.Count == 0)
        {
            table.AddRow(Markup.Escape(service), Markup.Escape(host), Markup.Escape(version), Markup.Escape(origin), "-", "-", "-");
            return;
        }

        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var name = Text(route, "name") ?? "#" + i.ToString(CultureInfo.InvariantCulture);
            var match = route.TryGetProperty("match", out var m) && m.ValueKind == JsonValueKind.Array && m.GetArrayLength() > 0 ? m.GetRawText() : "*";
            table.AddRow(
                Markup.Escape(service),
                Markup.Escape(host),
                Markup.Escape(version),
                Markup.Escape(origin),
                Markup.Escape(name),
                Markup.Escape(match),
                Markup.Escape(Destinations(route)));
        }
    }

    private static string Destinations(JsonElement route)
    {
        if (!route.TryGetProperty("route", out var destinations) || destinations.ValueKind != JsonValueKind.Array)
        {
            return "-";
        }

        return string.Join(", ", destinations.EnumerateArray().Select(d =>
        {
            var text = Text(d, "host") ?? "?";
            if (Text(d, "subset") is { } subset)
            {
                text += "/" + subset;
            }

            if (d.TryGetProperty("weight", out var weight) && weight.ValueKind == JsonValueKind.Number)
            {
                text += " " + weight.GetRawText() + "%";
            }

            return text;
        }));
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
