using Mesh.Agent.Configuration;
using Mesh.Agent.Gateways;
using Mesh.Agent.Hosting;
using Mesh.Hosting.Logging;
using Mesh.Hosting.Systemd;
using Serilog;

// Runtime defaults set in code, before any socket exists (docs/proxy.md "Runtime settings").
RuntimeDefaults.Apply(Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);

// mesh-agent run --config /etc/mesh/agent.hcl | mesh-agent gateway --name ingress --config <file>
// | mesh-agent validate --config <file> | mesh-agent version
return await AgentCommandLine.RunAsync(args, Console.Out, Console.Error, RunHostAsync).ConfigureAwait(false);

static async Task RunHostAsync(AgentOptions options, string configPath, string? gatewayName, CancellationToken cancellationToken)
{
    // Log lines leave through a queue written by a background loop, so a slow journald never blocks a request thread.
    var console = Console.Out;
    using var queuedOutput = new QueuedConsoleWriter(Console.OpenStandardOutput());
    Console.SetOut(queuedOutput);
    try
    {
        await RunLoggedHostAsync(options, configPath, gatewayName, cancellationToken).ConfigureAwait(false);
    }
    finally
    {
        Console.SetOut(console);
    }
}

static async Task RunLoggedHostAsync(AgentOptions options, string configPath, string? gatewayName, CancellationToken cancellationToken)
{
    using var logger = MeshLogging.CreateLogger("mesh-agent");
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Services.AddSerilog(logger, dispose: false);
    builder.Services.AddMeshSystemd();
    builder.Services.AddSingleton(options);
    builder.Services.AddHostedService(sp => new IdleHeapTrimmer(TimeProvider.System, sp.GetRequiredService<ILogger<IdleHeapTrimmer>>()));
    if (gatewayName is not null)
    {
        builder.Services.AddHostedService(sp => new GatewayService(options, gatewayName, sp.GetRequiredService<ILoggerFactory>()));
    }
    else
    {
        builder.Services.AddHostedService(sp => new AgentService(options, configPath, sp.GetRequiredService<ILoggerFactory>()));
    }

    using var host = builder.Build();
    await host.RunAsync(cancellationToken).ConfigureAwait(false);
}
