using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mesh.Cli.Connection;
using Mesh.Cli.Rendering;
using Mesh.ControllerApi;
using Spectre.Console;

namespace Mesh.Cli.Commands;

/// <summary><c>meshctl status</c>: resources with findings, and each proxy's applied snapshot version and lag (Istio's proxy-status).</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var output = OutputFormat.Create("table", "table", "json");
        var command = new Command("status", "Show resource acceptance and proxy sync state.") { output };
        command.SetAction((parse, cancellationToken) => ControllerCall.RunAsync(parse, environment, stderr, async client =>
        {
            var status = await client.StatusAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(status, ControllerApiJsonContext.Default.StatusResponse)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var console = TerminalOutput.Create(stdout, environment);
            console.WriteLine($"Generation {status.Generation}, leader {status.Leader ?? "unknown"}");
            console.WriteLine();

            var resources = new Table().Border(TableBorder.None).AddColumns("KIND", "NAME", "ACCEPTED", "FINDINGS");
            foreach (var r in status.Resources)
            {
                resources.AddRow(
                    Markup.Escape(r.Kind),
                    Markup.Escape(r.Name),
                    r.Accepted ? "yes" : "no",
                    Markup.Escape(string.Join("; ", r.Findings.Select(f => $"{f.Code ?? f.Severity}: {f.Summary}"))));
            }

            console.Write(resources);
            console.WriteLine();

            var proxies = new Table().Border(TableBorder.None).AddColumns("NODE", "SERVICE", "STATE", "APPLIED", "EXPECTED", "LAG", "ERROR");
            foreach (var p in status.Proxies)
            {
                proxies.AddRow(
                    Markup.Escape(p.Node),
                    Markup.Escape(p.Service),
                    Markup.Escape(p.State),
                    Markup.Escape(p.AppliedVersion ?? "-"),
                    Markup.Escape(p.ExpectedVersion ?? "-"),
                    p.LagSeconds is { } lag ? lag.ToString("0.0", CultureInfo.InvariantCulture) + "s" : "-",
                    Markup.Escape(p.Error ?? string.Empty));
            }

            console.Write(proxies);
            var unsynced = status.Proxies.Count(p => p.State != "synced");
            return unsynced == 0 && status.Resources.All(r => r.Accepted) ? ExitCodes.Success : ExitCodes.InvalidInput;
        }));
        return command;
    }
}
