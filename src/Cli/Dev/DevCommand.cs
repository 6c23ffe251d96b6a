using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text;
using Mesh.ControllerApi;
using Mesh.Rules.Model;

namespace Mesh.Cli.Dev;

/// <summary>
/// <c>meshctl dev</c>: the whole mesh on this machine in one command. Starts the development catalog, a controller,
/// agents and sample services, applies the example rules, drives traffic and shows what the mesh does with it
/// (the split, retries absorbing failures, mTLS identities) until Ctrl-C or <c>--duration</c>.
/// </summary>
internal static class DevCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (Go duration such as 30s); default: until Ctrl-C." };
        var rate = new Option<int>("--rate") { Description = "Requests per second productpage sends to reviews.", DefaultValueFactory = _ => 20 };
        var rules = new Option<string?>("--rules") { Description = "Rules to apply instead of the bundled examples/bookinfo/rules.hcl." };
        var command = new Command("dev", "Run the whole mesh on this machine with sample services and live traffic.")
        {
            duration, rate, rules,
            DevPartsCommands.Catalog(stdout, stderr),
            DevPartsCommands.Sample(stdout, stderr),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TimeSpan? runFor = null;
            if (parse.GetValue(duration) is { } text)
            {
                if (!GoDuration.TryParse(text, out var parsed) || parsed <= TimeSpan.Zero)
                {
                    await stderr.WriteLineAsync($"Error: --duration \"{text}\" is not a duration such as 30s or 2m.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                runFor = parsed;
            }

            var ruleFile = parse.GetValue(rules) is { } path ? new SourceFile(path, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)) : BundledRules();
            return await RunAsync(ruleFile, Math.Clamp(parse.GetValue(rate), 1, 1000), runFor, stdout, stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(SourceFile rules, int rate, TimeSpan? runFor, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await stdout.WriteLineAsync("Starting the mesh on this machine…").ConfigureAwait(false);
        await using var mesh = await DevMesh.StartAsync(stdout, stop.Token).ConfigureAwait(false);

        ApplyResponse applied;
        try
        {
            applied = await mesh.ApplyAsync(rules, stop.Token).ConfigureAwait(false);
        }
        catch (ControllerRejectedException e)
        {
            await stderr.WriteLineAsync($"Error: the rules in {rules.Name} were rejected: {e.Message}").ConfigureAwait(false);
            await Rendering.DiagnosticsOutput.WriteAsync(stderr, e.Diagnostics).ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        await stdout.WriteLineAsync($"applied     {rules.Name}: {string.Join(", ", applied.Changes.Select(c => $"{c.Kind}/{c.Name}"))} (generation {applied.Generation})").ConfigureAwait(false);
        using (var ready = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
        {
            ready.CancelAfter(TimeSpan.FromSeconds(60));
            await mesh.WaitForRoutesAsync(destinations: 3, ready.Token).ConfigureAwait(false);
            await new TrafficDriver(mesh.ReviewsUpstream, rate, new TrafficTally())
                .WarmUpAsync([.. mesh.Reviews.Select(r => $"reviews {r.Version}")], ready.Token).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"ready       controller at {mesh.Controller.ApiAddress}: try `MESH_ADDR={mesh.Controller.ApiAddress} meshctl status`; dashboard at {new Uri(mesh.Controller.ApiAddress, "/ui")}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"traffic     productpage → reviews at {rate} requests/s; Ctrl-C stops and cleans up").ConfigureAwait(false);

        if (runFor is { } limit)
        {
            stop.CancelAfter(limit);
        }

        var tally = new TrafficTally();
        var driver = new TrafficDriver(mesh.ReviewsUpstream, rate, tally).RunAsync(stop.Token);
        try
        {
            using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(5));
            while (await ticker.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                await stdout.WriteLineAsync(Line(tally, mesh)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or --duration.
        }

        try
        {
            await driver.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The driver stops on the same token.
        }

        await stdout.WriteAsync(Summary(tally, mesh)).ConfigureAwait(false);
        await stdout.WriteLineAsync("Stopping the mesh and removing its temporary files.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string Line(TrafficTally tally, DevMesh mesh)
    {
        var shares = string.Join("  ", mesh.Reviews.Select(r => $"{r.Version} {tally.Share($"reviews {r.Version}"):0.0}%"));
        return string.Create(CultureInfo.InvariantCulture, $"  {tally.Sent,6} requests  success {tally.SuccessPercent:0.0}%  {shares}");
    }

    private static string Summary(TrafficTally tally, DevMesh mesh)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Summary after {tally.Sent} requests from productpage to reviews:");
        foreach (var r in mesh.Reviews)
        {
            var share = tally.Share($"reviews {r.Version}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  reviews {r.Version}  {share,5:0.0}%  {new string('#', (int)Math.Round(share / 2))}");
        }

        var failures = mesh.Reviews.Sum(r => r.Failures);
        sb.AppendLine(CultureInfo.InvariantCulture, $"  success at the caller: {tally.SuccessPercent:0.0}%; the backends failed {failures} call(s) themselves and retries absorbed them");
        foreach (var (identity, count) in tally.Identities.OrderByDescending(kv => kv.Value))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  mTLS: reviews saw the caller as {identity} ({count} requests)");
        }

        return sb.ToString();
    }

    internal static SourceFile BundledRules()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("bookinfo-rules.hcl")
            ?? throw new InvalidOperationException("The bundled example rules are missing from meshctl.");
        using var reader = new StreamReader(stream);
        return new SourceFile("examples/bookinfo/rules.hcl", reader.ReadToEnd());
    }
}
