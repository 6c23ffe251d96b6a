using System.CommandLine;
using System.CommandLine.Invocation;
using Mesh.Agent.Configuration;
using Mesh.Proxy.Transport;

namespace Mesh.Agent.Hosting;

/// <summary>
/// mesh-agent's command line: <c>run --config</c>, <c>gateway --name --config</c>, <c>validate --config</c>,
/// <c>version</c> (and <c>--version</c>). Exit codes: 0 ok, 1 invalid configuration, 2 usage error.
/// </summary>
internal static class AgentCommandLine
{
    public const string DefaultConfigPath = "/etc/mesh/agent.hcl";

    /// <summary>Runs the agent (<paramref name="gatewayName"/> null) or a gateway until the host stops.</summary>
    public delegate Task HostRunner(AgentOptions options, string configPath, string? gatewayName, CancellationToken cancellationToken);

    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="runHost">Runs the host once the configuration is loaded.</param>
    /// <param name="environment">Reads an environment variable (the process' environment when null).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, HostRunner runHost, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (args.Length == 0)
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        var root = Build(stdout, stderr, runHost, environment);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync("mesh-agent: " + error.Message).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        // The generic host handles SIGTERM/SIGINT itself (graceful drain); do not let the parser cancel first.
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    public const string Usage = "usage: mesh-agent run --config <agent.hcl> | gateway --name <gateway> --config <agent.hcl> | validate --config <agent.hcl> | version";

    private static RootCommand Build(TextWriter stdout, TextWriter stderr, HostRunner runHost, Func<string, string?> environment)
    {
        var root = new RootCommand("mesh-agent: registers this host's services, runs their proxies and gets their certificates.");
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new PrintVersion(stdout);
        }

        var version = new Command("version", "Print the agent's version.");
        version.SetAction(_ => PrintVersion.Write(stdout));
        root.Subcommands.Add(version);

        var run = new Command("run", "Run the agent: mesh the services of agent.hcl (and agent.d/*.hcl, and Nomad tasks when enabled).");
        var runConfig = ConfigOption();
        run.Options.Add(runConfig);
        run.SetAction((parse, cancellationToken) => LoadAndRunAsync(parse.GetValue(runConfig)!, null, stderr, runHost, environment, cancellationToken));
        root.Subcommands.Add(run);

        var gateway = new Command("gateway", "Run as the gateway of the given name.");
        var name = new Option<string>("--name") { Description = "The gateway's name (its rules are mesh/compiled/gateway:<name>).", Required = true };
        var gatewayConfig = ConfigOption();
        gateway.Options.Add(name);
        gateway.Options.Add(gatewayConfig);
        gateway.SetAction((parse, cancellationToken) => LoadAndRunAsync(parse.GetValue(gatewayConfig)!, parse.GetValue(name), stderr, runHost, environment, cancellationToken));
        root.Subcommands.Add(gateway);

        var validate = new Command("validate", "Check the configuration; errors name file:line.");
        var validateConfig = ConfigOption();
        validate.Options.Add(validateConfig);
        validate.SetAction(parse =>
        {
            var path = parse.GetValue(validateConfig)!;
            if (Load(path, stderr) is not { } options)
            {
                return 1;
            }

            stdout.WriteLine($"{path}: valid ({options.Services.Count} services)");
            return 0;
        });
        root.Subcommands.Add(validate);
        return root;
    }

    private static Option<string> ConfigOption() =>
        new("--config") { Description = "agent.hcl (agent.d/*.hcl beside it is read too).", DefaultValueFactory = _ => DefaultConfigPath };

    private static AgentOptions? Load(string path, TextWriter stderr)
    {
        try
        {
            return AgentConfigLoader.LoadFiles(path);
        }
        catch (AgentConfigException e)
        {
            stderr.WriteLine(e.Message);
            return null;
        }
    }

    private static async Task<int> LoadAndRunAsync(string path, string? gatewayName, TextWriter stderr, HostRunner runHost, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (gatewayName is { Length: 0 })
        {
            await stderr.WriteLineAsync("mesh-agent gateway: --name <gateway> is required").ConfigureAwait(false);
            return 2;
        }

        var transport = environment(EpollTransport.Variable);
        if (!EpollTransport.TryParse(transport, out _))
        {
            await stderr.WriteLineAsync("mesh-agent: " + EpollTransport.InvalidValueMessage(transport)).ConfigureAwait(false);
            return 1;
        }

        if (Load(path, stderr) is not { } options)
        {
            return 1;
        }

        await runHost(options, path, gatewayName, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private sealed class PrintVersion(TextWriter stdout) : SynchronousCommandLineAction
    {
        public static int Write(TextWriter stdout)
        {
            stdout.WriteLine($"mesh-agent {AgentHost.Version}");
            return 0;
        }

        public override int Invoke(ParseResult parseResult) => Write(stdout);
    }
}
